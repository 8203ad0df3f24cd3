using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Native;

/// <summary>What a <c>maert_weights</c> handle stands for.</summary>
public sealed class NativeWeights
{
    /// <summary>Wraps uploaded weights and the context they live on.</summary>
    public NativeWeights(NativeContext context, GpuWeights weights)
    {
        Context = context;
        Weights = weights;
    }

    /// <summary>The owning context.</summary>
    public NativeContext Context { get; }

    /// <summary>The device buffer of the model.</summary>
    public GpuWeights Weights { get; }

    /// <summary>Live inpainters built from these weights (they refuse destruction while any remain).</summary>
    public int Children { get; set; }
}
