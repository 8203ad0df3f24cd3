namespace MaeRealtime.Runtime.Frames;

/// <summary>
/// The optional engine inputs of one CPU-side frame for <see cref="ImageInpainter"/> (the GPU-side ones are
/// <see cref="FrameImages.Depth"/>, <see cref="FrameImages.Motion"/> and <see cref="FrameImages.Flags"/>, with the same
/// meaning). An empty span means the input is not given.
/// </summary>
public readonly ref struct ImageGuides
{
    /// <summary>Depth, width x height floats, row-major, in the convention <see cref="Flags"/> gives; empty: none.</summary>
    public ReadOnlySpan<float> Depth { get; init; }

    /// <summary>Motion vectors in pixels, width x height (x, y) pairs, row-major, in the convention <see cref="Flags"/> gives; empty: none.</summary>
    public ReadOnlySpan<float> Motion { get; init; }

    /// <summary>This frame's conventions and events (camera cut, depth and motion conventions).</summary>
    public FrameFlags Flags { get; init; }
}
