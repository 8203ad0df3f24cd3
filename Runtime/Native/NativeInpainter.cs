using MaeRealtime.Runtime.Frames;

namespace MaeRealtime.Native;

/// <summary>What a <c>maert_inpainter</c> handle stands for.</summary>
public sealed class NativeInpainter
{
    /// <summary>Wraps a frame pass and the weights it was built from.</summary>
    public NativeInpainter(NativeWeights weights, FrameInpainter inpainter)
    {
        Weights = weights;
        Inpainter = inpainter;
    }

    /// <summary>The weights (and through them the context).</summary>
    public NativeWeights Weights { get; }

    /// <summary>The frame pass.</summary>
    public FrameInpainter Inpainter { get; }
}
