namespace MaeRealtime.HostRenderer;

/// <summary>What one frame cost and did, from the runtime's <c>FrameInpainter.LatestStats</c> and the host's own measurements.</summary>
public sealed record FrameReport
{
    /// <summary>Frame number (0 = first).</summary>
    public required long Frame { get; init; }

    /// <summary>The PNG written for the frame.</summary>
    public required string Path { get; init; }

    /// <summary>Fraction of the frame's pixels that were holes.</summary>
    public required double HoleFraction { get; init; }

    /// <summary>Microseconds the CPU spent in <c>FrameInpainter.Record</c>.</summary>
    public required double RecordMicroseconds { get; init; }

    /// <summary>Managed bytes <c>FrameInpainter.Record</c> allocated (0 in steady state).</summary>
    public required long RecordAllocatedBytes { get; init; }

    /// <summary>Whether the runtime's statistics of this frame were read (false when a later frame's superseded them first).</summary>
    public bool HasStats { get; init; }

    /// <summary>Tiles holding holes that ran through the model.</summary>
    public int ActiveTiles { get; init; }

    /// <summary>Tiles of the frame's grid.</summary>
    public int GridTiles { get; init; }

    /// <summary>GPU milliseconds of the whole inpaint pass (0 without timestamps).</summary>
    public double GpuMilliseconds { get; init; }

    /// <summary>GPU milliseconds per stage, in <c>FrameInpainter.StageNames</c> order.</summary>
    public IReadOnlyList<double> StageMilliseconds { get; init; } = [];

    /// <summary>Whether the runtime had to re-record its pass for this frame (the first use of each frame slot's images).</summary>
    public bool Rerecorded { get; init; }
}

/// <summary>The outcome of <see cref="HostRendererApp.Run"/>.</summary>
public sealed record HostRunResult
{
    /// <summary>The device the frames ran on.</summary>
    public required string DeviceName { get; init; }

    /// <summary>The weight file used.</summary>
    public required string ModelPath { get; init; }

    /// <summary>The hole-mask format the host wrote (R8Unorm, or R8G8B8A8Unorm on devices without R8 storage images).</summary>
    public required string MaskFormat { get; init; }

    /// <summary>One report per frame, in order.</summary>
    public required IReadOnlyList<FrameReport> Frames { get; init; }

    /// <summary>Whether the validation layer was on.</summary>
    public required bool Validation { get; init; }

    /// <summary>Validation errors reported during the run (0 when validation was off).</summary>
    public required int ValidationErrors { get; init; }

    /// <summary>The latest validation messages (errors and warnings).</summary>
    public required IReadOnlyList<string> ValidationMessages { get; init; }

    /// <summary>Wall-clock seconds of the whole run, device creation and teardown included.</summary>
    public required double Seconds { get; init; }

    /// <summary>PSNR (dB) of the filled hole pixels against the truth over all frames (NaN without holes).</summary>
    public double HolePsnr { get; init; }

    /// <summary>Hole pixels over all frames.</summary>
    public long HolePixels { get; init; }

    /// <summary>The run's temporal flicker (<c>FlickerMeter.Flicker</c>, 8-bit levels) of the filled holes.</summary>
    public double Flicker { get; init; }

    /// <summary>Pixels the flicker counted (hole pixels whose previous position was a hole too).</summary>
    public long FlickerPixels { get; init; }
}

/// <summary>
/// One completed frame as read back from the GPU, handed to <see cref="HostRendererApp.Run"/>'s callback. The
/// memory is the frame slot's and is reused: copy what you keep.
/// </summary>
public sealed class CompletedFrame
{
    internal CompletedFrame(long frame, int width, int height, ReadOnlyMemory<byte> input, ReadOnlyMemory<byte> mask, ReadOnlyMemory<byte> output, string path)
    {
        Frame = frame;
        Width = width;
        Height = height;
        Input = input;
        Mask = mask;
        Output = output;
        Path = path;
    }

    /// <summary>Frame number (0 = first).</summary>
    public long Frame { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The scene pass's colour image (RGBA8, hole pixels hold the hole colour).</summary>
    public ReadOnlyMemory<byte> Input { get; }

    /// <summary>The hole mask, one byte per pixel (255 = hole).</summary>
    public ReadOnlyMemory<byte> Mask { get; }

    /// <summary>The inpaint pass's output (RGBA8).</summary>
    public ReadOnlyMemory<byte> Output { get; }

    /// <summary>The PNG written for the frame.</summary>
    public string Path { get; }

    /// <summary>The full render of the frame (RGBA8): the ground truth of the holes.</summary>
    public ReadOnlyMemory<byte> Truth { get; init; }

    /// <summary>The scene's reversed-Z device depth, one float per pixel (near / distance).</summary>
    public ReadOnlyMemory<float> Depth { get; init; }

    /// <summary>The scene's motion vectors, x and y per pixel in pixels: the surface at p was at p + motion in the previous frame (zero when the device writes none).</summary>
    public ReadOnlyMemory<float> Motion { get; init; }

    /// <summary>The flags the frame was passed to the runtime with.</summary>
    public MaeRealtime.Runtime.Frames.FrameFlags Flags { get; init; }
}
