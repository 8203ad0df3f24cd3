namespace MaeRealtime.Runtime.Inference;

/// <summary>
/// How a forward pass stores the transient tensors of its transformer blocks: the LayerNorm outputs, q/k/v, the
/// attention output, the MLP hidden layer and the masked-query decoder's k/v (Shaders/include/common.glsl). The
/// residual streams, patches, predictions and images are fp32 either way, and every sum is accumulated in fp32.
/// </summary>
public enum ActivationPrecision
{
    /// <summary>
    /// fp16 where it can run: the tiled kernel family on a device with storageBuffer16BitAccess enabled
    /// (<see cref="Vulkan.GpuContext.StorageBuffer16BitAccess"/>); else fp32. The environment variable
    /// <c>MAE_ACTIVATIONS=fp16|fp32</c> overrides it.
    /// </summary>
    Auto,

    /// <summary>fp32 everywhere: the results the parity tests hold to 1e-4.</summary>
    Float32,

    /// <summary>fp16 transient tensors; an error where they cannot run (the CPU kernel family, or no 16-bit storage).</summary>
    Float16,
}
