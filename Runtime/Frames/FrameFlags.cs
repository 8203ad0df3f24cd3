namespace MaeRealtime.Runtime.Frames;

/// <summary>
/// Per-frame conventions and events of the optional engine inputs (<see cref="FrameImages.Depth"/>,
/// <see cref="FrameImages.Motion"/>, the runtime's history). The default (none) is: standard depth (0 near, 1 far),
/// motion vectors that point from a pixel of this frame to where it was in the previous frame, no camera cut.
/// docs/INTEGRATION.md section 17 gives the conventions with examples.
/// </summary>
[Flags]
public enum FrameFlags : uint
{
    /// <summary>Defaults: standard device depth, motion to the previous frame, history kept.</summary>
    None = 0,

    /// <summary>
    /// The view changed discontinuously (a cut, a teleport, a new level): the history is dropped and this frame is
    /// filled on its own, as without history. The first frame, and a frame whose size differs from the previous
    /// one, reset the history too.
    /// </summary>
    CameraCut = 1,

    /// <summary>Depth is reversed-Z device depth (1 near, 0 far; the usual choice with a floating-point depth buffer).</summary>
    ReversedDepth = 2,

    /// <summary>
    /// Depth is linear view-space distance (larger is farther, any unit, positive) instead of device depth.
    /// Overrides <see cref="ReversedDepth"/>.
    /// </summary>
    LinearDepth = 4,

    /// <summary>
    /// Motion vectors point the other way: from where a pixel was in the previous frame to where it is now
    /// (previous = p - motion). By default previous = p + motion, as FSR and DLSS expect.
    /// </summary>
    MotionTowardsCurrent = 8,
}
