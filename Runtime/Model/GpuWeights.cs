using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.Runtime.Model;

/// <summary>
/// A weight file's data section uploaded once into one storage buffer. Kernels address tensors by
/// element offset (floats for fp32 tensors, halves for fp16 matrices), so no per-tensor buffers or
/// descriptors exist.
/// </summary>
public sealed class GpuWeights : IDisposable
{
    /// <summary>Uploads <paramref name="file"/> to <paramref name="context"/>'s device.</summary>
    public GpuWeights(GpuContext context, WeightFile file)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(file);
        File = file;
        // Pad so a trailing fp16 tensor's last uint word is inside the buffer, and to at least one texel of
        // the texel views the CPU kernels read through (KernelBindings).
        ulong size = (ulong)Math.Max(16, WeightFileFormat.Align(file.Data.Length));
        Buffer = new GpuBuffer(context, size, $"weights:{Path.GetFileName(file.Path)}", KernelBindings.TexelUsage);
        Buffer.Write(file.Data.Span);
    }

    /// <summary>The file these weights came from.</summary>
    public WeightFile File { get; }

    /// <summary>The model config.</summary>
    public MaeConfig Config => File.Config;

    /// <summary>The storage buffer holding the data section.</summary>
    public GpuBuffer Buffer { get; }

    /// <summary>True when the GEMM matrices are fp16 (the <c>gemm_f16</c> kernel reads them).</summary>
    public bool MatricesAreHalf => File.MatrixDType == TensorDType.Float16;

    /// <summary>Element offset of tensor <paramref name="name"/> in its own dtype's units.</summary>
    public uint Offset(string name) => File[name].ElementOffset;

    /// <inheritdoc/>
    public void Dispose() => Buffer.Dispose();
}
