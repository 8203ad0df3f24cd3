using MaeRealtime.Viewer.Presentation;
using Silk.NET.Vulkan;
using VkBuffer = Silk.NET.Vulkan.Buffer;

namespace MaeRealtime.Viewer.Rendering;

/// <summary>
/// A buffer in host-visible, coherent memory, mapped for its lifetime: staging uploads, the overlay data the
/// display shader reads, and the one-off screenshot readback. One per frame slot where the CPU rewrites it.
/// </summary>
internal sealed unsafe class HostBuffer : IDisposable
{
    private readonly PresentationDevice _gpu;
    private readonly DeviceMemory _memory;

    public HostBuffer(PresentationDevice gpu, ulong size, BufferUsageFlags usage)
    {
        _gpu = gpu;
        Size = size;
        var vk = gpu.Vk;
        var info = new BufferCreateInfo
        {
            SType = StructureType.BufferCreateInfo,
            Size = size,
            Usage = usage,
            SharingMode = SharingMode.Exclusive,
        };
        VkBuffer buffer;
        vk.CreateBuffer(gpu.Device, &info, null, &buffer).Check("vkCreateBuffer");
        Handle = buffer;

        MemoryRequirements req;
        vk.GetBufferMemoryRequirements(gpu.Device, buffer, &req);
        var alloc = new MemoryAllocateInfo
        {
            SType = StructureType.MemoryAllocateInfo,
            AllocationSize = req.Size,
            MemoryTypeIndex = gpu.MemoryType(req.MemoryTypeBits, MemoryPropertyFlags.HostVisibleBit | MemoryPropertyFlags.HostCoherentBit),
        };
        DeviceMemory memory;
        vk.AllocateMemory(gpu.Device, &alloc, null, &memory).Check("vkAllocateMemory");
        _memory = memory;
        vk.BindBufferMemory(gpu.Device, buffer, memory, 0).Check("vkBindBufferMemory");
        void* mapped;
        vk.MapMemory(gpu.Device, memory, 0, Vk.WholeSize, 0, &mapped).Check("vkMapMemory");
        Mapped = (byte*)mapped;
    }

    public VkBuffer Handle { get; }

    public ulong Size { get; }

    /// <summary>The mapped bytes (coherent: no flush needed before a submit).</summary>
    public byte* Mapped { get; }

    /// <summary>The mapped bytes as a span of <typeparamref name="T"/>, from <paramref name="byteOffset"/> to the end.</summary>
    public Span<T> AsSpan<T>(ulong byteOffset = 0)
        where T : unmanaged => new(Mapped + byteOffset, (int)((Size - byteOffset) / (ulong)sizeof(T)));

    public void Dispose()
    {
        _gpu.Vk.UnmapMemory(_gpu.Device, _memory);
        _gpu.Vk.DestroyBuffer(_gpu.Device, Handle, null);
        _gpu.Vk.FreeMemory(_gpu.Device, _memory, null);
    }
}
