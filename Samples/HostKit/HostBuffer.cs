using Silk.NET.Vulkan;

namespace MaeRealtime.HostKit;

/// <summary>
/// A buffer in host-visible, host-coherent memory, mapped for its lifetime: staging uploads, data a shader reads,
/// readbacks. Coherent, so writes need no flush before a submit and reads no invalidate after the fence.
/// </summary>
public sealed unsafe class HostBuffer : IDisposable
{
    private readonly IHostDevice _host;
    private readonly DeviceMemory _memory;

    /// <summary>
    /// Creates and maps a buffer of <paramref name="size"/> bytes for <paramref name="usage"/>; <paramref name="preferred"/>
    /// memory flags are taken where a type has them (HOST_CACHED for readbacks: fast CPU reads).
    /// </summary>
    public HostBuffer(IHostDevice host, ulong size, BufferUsageFlags usage, string name = "buffer", MemoryPropertyFlags preferred = 0)
    {
        _host = host;
        Size = size;
        var vk = host.Vk;
        var info = new BufferCreateInfo
        {
            SType = StructureType.BufferCreateInfo,
            Size = size,
            Usage = usage,
            SharingMode = SharingMode.Exclusive,
        };
        Silk.NET.Vulkan.Buffer buffer;
        vk.CreateBuffer(host.Device, &info, null, &buffer).Check($"vkCreateBuffer ({name})");
        Handle = buffer;
        MemoryRequirements req;
        vk.GetBufferMemoryRequirements(host.Device, buffer, &req);
        _memory = host.Allocate(req, preferred, MemoryPropertyFlags.HostVisibleBit | MemoryPropertyFlags.HostCoherentBit, name);
        vk.BindBufferMemory(host.Device, buffer, _memory, 0).Check("vkBindBufferMemory");
        void* p;
        vk.MapMemory(host.Device, _memory, 0, Vk.WholeSize, 0, &p).Check("vkMapMemory");
        Mapped = (byte*)p;
    }

    /// <summary>The buffer.</summary>
    public Silk.NET.Vulkan.Buffer Handle { get; }

    /// <summary>Size in bytes.</summary>
    public ulong Size { get; }

    /// <summary>
    /// The mapped bytes from <paramref name="offset"/> (read only after the fence of the frame that wrote them,
    /// whose command buffer ends with a TRANSFER_WRITE to HOST_READ barrier).
    /// </summary>
    public ReadOnlySpan<byte> Span(ulong offset, int length) => new(Mapped + offset, length);

    /// <summary>The mapped bytes (coherent: no flush needed before a submit).</summary>
    public byte* Mapped { get; }

    /// <summary>The mapped bytes as a span of <typeparamref name="T"/>, from <paramref name="byteOffset"/> to the end.</summary>
    public Span<T> AsSpan<T>(ulong byteOffset = 0)
        where T : unmanaged => new(Mapped + byteOffset, (int)((Size - byteOffset) / (ulong)sizeof(T)));

    /// <inheritdoc/>
    public void Dispose()
    {
        _host.Vk.UnmapMemory(_host.Device, _memory);
        _host.Vk.DestroyBuffer(_host.Device, Handle, null);
        _host.Vk.FreeMemory(_host.Device, _memory, null);
    }
}
