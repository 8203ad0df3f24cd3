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
    bool HasReconstruction)
{
    public ImageView Color => new(ColorView);

    public ImageView Mask => new(MaskView);

    public ImageView Output => new(OutputView);

    public ImageView Reconstruction => new(ReconstructionView);
}
