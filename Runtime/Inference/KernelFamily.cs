namespace MaeRealtime.Runtime.Inference;

/// <summary>
/// The two implementations of the forward's GEMM, attention and LayerNorm kernels (Shaders/KERNELS.md).
/// Both compute the same contract; they differ in what is fast on which device.
/// </summary>
public enum KernelFamily
{
    /// <summary>Workgroup-tiled kernels with shared memory and barriers (<c>gemm</c>, <c>attention</c>, <c>layernorm</c>): for GPUs.</summary>
    Tiled,

    /// <summary>
    /// Register-blocked kernels without shared memory or barriers (<c>gemm_rb</c>, <c>attention_rows</c>,
    /// <c>layernorm_rows</c>): for CPU Vulkan drivers such as Mesa's lavapipe, where every shared or buffer
    /// read is a scalar loop over the SIMD lanes and barriers are expensive.
    /// </summary>
    Cpu,
}
