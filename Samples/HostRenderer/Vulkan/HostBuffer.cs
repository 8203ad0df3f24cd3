using Silk.NET.Vulkan;

namespace MaeRealtime.HostRenderer.Vulkan;

/// <summary>A host-visible, host-coherent, persistently mapped transfer-destination buffer: where frames are read back.</summary>
public sealed unsafe class HostBuffer : IDisposable
{
    private readonly HostDevice _host;
    private readonly DeviceMemory _memory;
    private readonly byte* _mapped;

    /// <summary>Creates and maps a buffer of <paramref name="size"/> bytes.</summary>
    public HostBuffer(HostDevice host, ulong size, string name)
    {
        _host = host;
        Size = size;
        var vk = host.Vk;
        var info = new BufferCreateInfo
        {
            SType = StructureType.BufferCreateInfo,
            Size = size,
            Usage = BufferUsageFlags.TransferDstBit,
            SharingMode = SharingMode.Exclusive,
        };
        Silk.NET.Vulkan.Buffer buffer;
        vk.CreateBuffer(host.Device, &info, null, &buffer).Check($"vkCreateBuffer ({name})");
        Handle = buffer;
        MemoryRequirements req;
        vk.GetBufferMemoryRequirements(host.Device, buffer, &req);
        // HOST_CACHED makes CPU reads fast where there is such a type; HOST_COHERENT spares the invalidate.
        _memory = host.Allocate(req, MemoryPropertyFlags.HostCachedBit, MemoryPropertyFlags.HostVisibleBit | MemoryPropertyFlags.HostCoherentBit, name);
        vk.BindBufferMemory(host.Device, buffer, _memory, 0).Check("vkBindBufferMemory");
        void* p;
        vk.MapMemory(host.Device, _memory, 0, Vk.WholeSize, 0, &p).Check("vkMapMemory");
        _mapped = (byte*)p;
    }

    /// <summary>The buffer.</summary>
    public Silk.NET.Vulkan.Buffer Handle { get; }

    /// <summary>Size in bytes.</summary>
    public ulong Size { get; }

    /// <summary>
    /// The mapped bytes from <paramref name="offset"/> (read only after the fence of the frame that wrote them,
    /// whose command buffer ends with a TRANSFER_WRITE to HOST_READ barrier).
    /// </summary>
    public ReadOnlySpan<byte> Span(ulong offset, int length) => new(_mapped + offset, length);

    /// <inheritdoc/>
    public void Dispose()
    {
        _host.Vk.UnmapMemory(_host.Device, _memory);
        _host.Vk.DestroyBuffer(_host.Device, Handle, null);
        _host.Vk.FreeMemory(_host.Device, _memory, null);
    }
}
