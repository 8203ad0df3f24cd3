using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.Native;

/// <summary>What a <c>maert_context</c> handle stands for: the adopted device and the loader built for it.</summary>
public sealed class NativeContext : IDisposable
{
    /// <summary>Wraps an adopted context and the Silk.NET loader that resolves through the host.</summary>
    public NativeContext(Vk vk, GpuContext gpu)
    {
        Vk = vk;
        Gpu = gpu;
    }

    /// <summary>The loader (owned: created for this context).</summary>
    public Vk Vk { get; }

    /// <summary>The runtime's context over the host's device.</summary>
    public GpuContext Gpu { get; }

    /// <summary>Live weights and inpainters built on this context (it refuses destruction while any remain).</summary>
    public int Children { get; set; }

    /// <inheritdoc/>
    public void Dispose()
    {
        Gpu.Dispose();
        Vk.Dispose();
    }
}
