using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Frames;

/// <summary>
/// Everything a slot's recorded pass depends on: when a frame's key equals the slot's, the recording is replayed
/// as is. Views are kept as raw handles: Silk.NET's handle structs are not IEquatable, and comparing them through
/// the default comparer would box on every frame.
/// </summary>
internal readonly record struct FrameRecordingKey(
    int Width,
    int Height,
    FrameColorFormat ColorFormat,
    FrameColorFormat OutputFormat,
    ulong ColorView,
    ulong MaskView,
    ulong OutputView,
    ulong ReconstructionView,
    bool HasReconstruction,
    ulong DepthView,
    ImageLayout DepthLayout,
    ulong MotionView,
    bool HasDepth,
    bool HasMotion)
{
    public ImageView Color => new(ColorView);

    public ImageView Mask => new(MaskView);

    public ImageView Output => new(OutputView);

    public ImageView Reconstruction => new(ReconstructionView);

    public ImageView Depth => new(DepthView);

    public ImageView Motion => new(MotionView);

    /// <summary>Whether the recording uses <paramref name="view"/>.</summary>
    public bool Uses(ImageView view) =>
        view.Handle == ColorView || view.Handle == MaskView || view.Handle == OutputView || view.Handle == ReconstructionView || view.Handle == DepthView || view.Handle == MotionView;
}
