using System.Runtime.InteropServices;
using Silk.NET.Vulkan;
using VkBuffer = Silk.NET.Vulkan.Buffer;

namespace MaeRealtime.Runtime.Vulkan;

/// <summary>
/// A storage buffer with its own memory. Prefers device-local memory the host can map (integrated GPUs,
/// resizable BAR, lavapipe); otherwise device-local memory reached through a staging copy. Reads and writes
/// from the CPU are for tools and setup, never per frame.
/// </summary>
public sealed unsafe class GpuBuffer : IDisposable
{
    private readonly GpuContext _context;
    private readonly DeviceMemory _memory;
    private readonly void* _mapped;

    /// <summary>Creates a buffer of <paramref name="size"/> bytes named <paramref name="name"/> (used in errors and debuggers).</summary>
    public GpuBuffer(GpuContext context, ulong size, string name, BufferUsageFlags extraUsage = 0)
        : this(context, size, name, extraUsage, requireHostVisible: false)
    {
    }

    /// <summary>
    /// As above; with <paramref name="requireHostVisible"/> only memory the CPU maps is used, so reads never
    /// need a staging copy and a wait (small per-frame readbacks such as the frame pipeline's statistics, and the
    /// tools' staging). Such buffers prefer host-cached memory: CPU reads of uncached (write-combined) memory, what a
    /// discrete GPU's device-local mappable heap is, crawl.
    /// </summary>
    public GpuBuffer(GpuContext context, ulong size, string name, BufferUsageFlags extraUsage, bool requireHostVisible)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfZero(size);
        _context = context;
        Name = name;
        Size = size;
        var vk = context.Vk;
        var info = new BufferCreateInfo
        {
            SType = StructureType.BufferCreateInfo,
            Size = size,
            Usage = BufferUsageFlags.StorageBufferBit | BufferUsageFlags.TransferSrcBit | BufferUsageFlags.TransferDstBit | extraUsage,
            SharingMode = SharingMode.Exclusive,
        };
        VkBuffer buffer;
        vk.CreateBuffer(context.Device, &info, null, &buffer).Check();
        Handle = buffer;

        MemoryRequirements req;
        vk.GetBufferMemoryRequirements(context.Device, buffer, &req);
        const MemoryPropertyFlags mappable = MemoryPropertyFlags.HostVisibleBit | MemoryPropertyFlags.HostCoherentBit;
        (MemoryPropertyFlags Flags, bool Mapped)[] preferences = requireHostVisible
            ? [(mappable | MemoryPropertyFlags.HostCachedBit, true), (MemoryPropertyFlags.DeviceLocalBit | mappable, true), (mappable, true)]
            :
            [
                (MemoryPropertyFlags.DeviceLocalBit | mappable, true),
                (MemoryPropertyFlags.DeviceLocalBit, false),
                (mappable, true),
            ];
        foreach (var (flags, mapped) in preferences)
        {
            if (requireHostVisible && !mapped)
            {
                continue;
            }

            int type = context.FindMemoryType(req.MemoryTypeBits, flags);
            if (type < 0)
            {
                continue;
            }

            var alloc = new MemoryAllocateInfo { SType = StructureType.MemoryAllocateInfo, AllocationSize = req.Size, MemoryTypeIndex = (uint)type };
            DeviceMemory memory;
            Result r = vk.AllocateMemory(context.Device, &alloc, null, &memory);
            if (r is Result.ErrorOutOfDeviceMemory or Result.ErrorOutOfHostMemory)
            {
                continue; // a small BAR heap: fall through to staging
            }

            r.Check("vkAllocateMemory");
            _memory = memory;
            vk.BindBufferMemory(context.Device, buffer, memory, 0).Check();
            if (mapped)
            {
                void* p;
                vk.MapMemory(context.Device, memory, 0, Vk.WholeSize, 0, &p).Check();
                _mapped = p;
            }

            return;
        }

        vk.DestroyBuffer(context.Device, buffer, null);
        throw new VulkanException($"No memory type can hold buffer '{name}' ({size} bytes).");
    }

    /// <summary>The Vulkan buffer.</summary>
    public VkBuffer Handle { get; }

    /// <summary>Size in bytes.</summary>
    public ulong Size { get; }

    /// <summary>Debug name.</summary>
    public string Name { get; }

    /// <summary>True when the CPU writes and reads it directly, without a staging copy.</summary>
    public bool IsHostVisible => _mapped != null;

    /// <summary>Copies <paramref name="data"/> to <paramref name="byteOffset"/>. Waits for the copy when staging is needed.</summary>
    public void Write<T>(ReadOnlySpan<T> data, ulong byteOffset = 0)
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(data);
        CheckRange(byteOffset, (ulong)bytes.Length);
        if (_mapped != null)
        {
            bytes.CopyTo(new Span<byte>((byte*)_mapped + byteOffset, bytes.Length));
            return;
        }

        using var staging = new GpuBuffer(_context, (ulong)Math.Max(bytes.Length, 4), $"{Name}.upload");
        staging.Write(data);
        CopyBetween(staging, this, 0, byteOffset, (ulong)bytes.Length);
    }

    /// <summary>Copies from <paramref name="byteOffset"/> into <paramref name="destination"/>. The caller ensures GPU work writing it has finished.</summary>
    public void Read<T>(Span<T> destination, ulong byteOffset = 0)
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(destination);
        CheckRange(byteOffset, (ulong)bytes.Length);
        if (_mapped != null)
        {
            new ReadOnlySpan<byte>((byte*)_mapped + byteOffset, bytes.Length).CopyTo(bytes);
            return;
        }

        using var staging = new GpuBuffer(_context, (ulong)Math.Max(bytes.Length, 4), $"{Name}.download");
        CopyBetween(this, staging, byteOffset, 0, (ulong)bytes.Length);
        staging.Read(destination);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Handle.Handle == 0)
        {
            return;
        }

        _context.Vk.DestroyBuffer(_context.Device, Handle, null);
        _context.Vk.FreeMemory(_context.Device, _memory, null);
    }

    private void CheckRange(ulong offset, ulong length)
    {
        if (offset + length > Size)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"Buffer '{Name}': range {offset}+{length} exceeds its {Size} bytes.");
        }
    }

    private void CopyBetween(GpuBuffer src, GpuBuffer dst, ulong srcOffset, ulong dstOffset, ulong length)
    {
        if (length == 0)
        {
            return;
        }

        _context.SubmitAndWait(cmd =>
        {
            var region = new BufferCopy(srcOffset, dstOffset, length);
            _context.Vk.CmdCopyBuffer(cmd, src.Handle, dst.Handle, 1, &region);
        });
    }
}
