using System.Numerics;
using MaeRealtime.HostRenderer.Scene;

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

    /// <summary>Camera pan in pixels per frame (default 1.5, 0.5): the background moves by minus this on screen each frame.</summary>
    public Vector2 Pan { get; init; } = new(1.5f, 0.5f);

    /// <summary>Frames a revealed background pixel stays a hole (default 2: revealed since the frame before last; 1..8).</summary>
    public int RevealFrames { get; init; } = 2;

    /// <summary>What hole pixels of the input hold (default: the ghost of the occluder that hid them).</summary>
    public StaleFill Stale { get; init; } = StaleFill.Ghost;

    /// <summary>Pass the scene's depth (R32_SFLOAT, reversed-Z) to the runtime (default true; <c>--no-depth</c>).</summary>
    public bool Depth { get; init; } = true;

    /// <summary>
    /// The depth image the runtime reads: <c>D32Sfloat</c> (the default) an engine-style depth buffer (depth aspect,
    /// <c>DEPTH_STENCIL_READ_ONLY_OPTIMAL</c>) the scene's depth is copied into, on devices that cannot sample one the
    /// R32 image; <c>R32Sfloat</c> the R32_SFLOAT image the scene pass writes itself.
    /// </summary>
    public Silk.NET.Vulkan.Format DepthFormat { get; init; } = Silk.NET.Vulkan.Format.D32Sfloat;

    /// <summary>Pass the scene's motion vectors (R16G16_SFLOAT) to the runtime (default true; <c>--no-motion</c>).</summary>
    public bool Motion { get; init; } = true;

    /// <summary>Build the runtime with temporal history (<c>FrameInpainterOptions.History</c>; default false; <c>--history</c>).</summary>
    public bool History { get; init; }

    /// <summary>Also write the frames as a sequence folder (mae-sequence: colour, mask, truth, depth, motion) here; null: none.</summary>
    public string? SequenceDirectory { get; init; }

    /// <summary>The scene's animation settings.</summary>
    public SceneSettings Scene => new(Occluders, Pan, FramesPerSecond, RevealFrames, Stale);

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

        if (DepthFormat is not (Silk.NET.Vulkan.Format.R32Sfloat or Silk.NET.Vulkan.Format.D32Sfloat))
        {
            throw new ArgumentException($"--depth-format {DepthFormat}: expected r32 or d32.");
        }

        if (RevealFrames is < 1 or > 8)
        {
            throw new ArgumentException($"--reveal {RevealFrames}: expected 1..8.");
        }

        if (!float.IsFinite(Pan.X) || !float.IsFinite(Pan.Y) || Math.Abs(Pan.X) > 64 || Math.Abs(Pan.Y) > 64)
        {
            throw new ArgumentException($"--pan {Pan.X},{Pan.Y}: expected two numbers within -64..64 (pixels per frame).");
        }

        if (SequenceDirectory is not null && string.IsNullOrWhiteSpace(SequenceDirectory))
        {
            throw new ArgumentException("--sequence-out: expected a folder.");
        }

        if (string.IsNullOrWhiteSpace(OutputDirectory))
        {
            throw new ArgumentException("--out: expected a folder.");
        }
    }
}
