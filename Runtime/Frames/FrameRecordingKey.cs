using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Frames;

/// <summary>Everything a slot's recorded pass depends on: when a frame's key equals the slot's, the recording is replayed as is.</summary>
internal readonly record struct FrameRecordingKey(
    int Width,
    int Height,
    FrameColorFormat ColorFormat,
    FrameColorFormat OutputFormat,
    ImageView Color,
    ImageView Mask,
    ImageView Output,
    ImageView Reconstruction,
    bool HasReconstruction);
