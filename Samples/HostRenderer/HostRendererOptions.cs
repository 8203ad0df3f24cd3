namespace MaeRealtime.HostRenderer;

/// <summary>What <see cref="HostRendererApp.Run"/> renders and where it writes it (the command line's options).</summary>
public sealed record HostRendererOptions
{
    /// <summary>Frames to render (default 4).</summary>
    public int Frames { get; init; } = 4;

    /// <summary>Frame width in pixels (default 320).</summary>
    public int Width { get; init; } = 320;

    /// <summary>Frame height in pixels (default 192).</summary>
    public int Height { get; init; } = 192;

    /// <summary>Where the PNG frames go (created when missing; default <c>out/host</c>).</summary>
    public string OutputDirectory { get; init; } = Path.Combine("out", "host");

    /// <summary>The weight file; null: the bundled default model (see <see cref="ModelLocator"/>).</summary>
    public string? ModelPath { get; init; }

    /// <summary>Write each frame as input | output side by side instead of the output alone (default false).</summary>
    public bool SideBySide { get; init; }

    /// <summary>Moving occluders in the scene (default 4; 0 gives frames without holes).</summary>
    public int Occluders { get; init; } = 4;

    /// <summary>Scene time step per frame, as frames per second (default 30).</summary>
    public double FramesPerSecond { get; init; } = 30;

    /// <summary>Khronos validation layer and a counting debug messenger; null: on when <c>MAE_VALIDATION</c> is 1 or true.</summary>
    public bool? Validation { get; init; }

    /// <summary>Part of the device's name or its index; null: <c>MAE_DEVICE</c>, else the best device.</summary>
    public string? Device { get; init; }

    /// <summary>The runtime's pipeline-cache folder; null: its default (<c>~/.cache/maerealtime</c>), empty: none.</summary>
    public string? PipelineCacheDirectory { get; init; }

    /// <summary>Resolves <see cref="Validation"/> against the environment.</summary>
    public bool ValidationEnabled => Validation ?? Environment.GetEnvironmentVariable("MAE_VALIDATION") is "1" or "true" or "TRUE" or "True";

    /// <summary>Resolves <see cref="Device"/> against the environment.</summary>
    public string? DeviceSelector => Device ?? (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("MAE_DEVICE")) ? null : Environment.GetEnvironmentVariable("MAE_DEVICE"));

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        if (Frames < 1)
        {
            throw new ArgumentException($"--frames {Frames}: expected at least 1.");
        }

        if (Width is < 1 or > 16384 || Height is < 1 or > 16384)
        {
            throw new ArgumentException($"Frame size {Width}x{Height}: expected 1..16384 per side.");
        }

        if (Occluders is < 0 or > 64)
        {
            throw new ArgumentException($"--occluders {Occluders}: expected 0..64.");
        }

        if (!(FramesPerSecond > 0) || double.IsInfinity(FramesPerSecond))
        {
            throw new ArgumentException($"--fps {FramesPerSecond}: expected a positive number.");
        }

        if (string.IsNullOrWhiteSpace(OutputDirectory))
        {
            throw new ArgumentException("--out: expected a folder.");
        }
    }
}
