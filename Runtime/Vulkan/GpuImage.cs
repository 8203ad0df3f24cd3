using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Vulkan;

/// <summary>
/// A 2D image with its own device-local memory (one mip, one layer), for tools, tests and samples that have
/// no renderer of their own. Hosts pass their own images to the frame pass instead.
/// </summary>
public sealed unsafe class GpuImage : IDisposable
{
    private readonly GpuContext _context;
    private readonly DeviceMemory _memory;
    private bool _disposed;

    /// <summary>Creates a <paramref name="width"/> x <paramref name="height"/> image of <paramref name="format"/> with <paramref name="usage"/>.</summary>
    public GpuImage(GpuContext context, int width, int height, Format format, ImageUsageFlags usage, ImageCreateFlags flags = 0)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        _context = context;
        Width = width;
        Height = height;
        Format = format;
        var vk = context.Vk;
        var info = new ImageCreateInfo
        {
            SType = StructureType.ImageCreateInfo,
            Flags = flags,
            ImageType = ImageType.Type2D,
            Format = format,
            Extent = new Extent3D((uint)width, (uint)height, 1),
            MipLevels = 1,
            ArrayLayers = 1,
            Samples = SampleCountFlags.Count1Bit,
            Tiling = ImageTiling.Optimal,
            Usage = usage,
            SharingMode = SharingMode.Exclusive,
            InitialLayout = ImageLayout.Undefined,
        };
        context.BeforeCreate("vkCreateImage");
        Image image;
        vk.CreateImage(context.Device, &info, null, &image).Check($"vkCreateImage ({width}x{height} {format})");
        context.TrackCreated();
        Handle = image;
        try
        {
            _memory = AllocateAndBind(context, image);
        }
        catch
        {
            vk.DestroyImage(context.Device, image, null);
            context.TrackDestroyed();
            throw;
        }
    }

    private static DeviceMemory AllocateAndBind(GpuContext context, Image image)
    {
        var vk = context.Vk;
        MemoryRequirements req;
        vk.GetImageMemoryRequirements(context.Device, image, &req);
        int type = context.FindMemoryType(req.MemoryTypeBits, MemoryPropertyFlags.DeviceLocalBit);
        if (type < 0)
        {
            type = context.FindMemoryType(req.MemoryTypeBits, 0);
        }

        if (type < 0)
        {
            throw new VulkanException($"No memory type can hold a {req.Size}-byte image.");
        }

        context.BeforeCreate("vkAllocateMemory (image)");
        var alloc = new MemoryAllocateInfo { SType = StructureType.MemoryAllocateInfo, AllocationSize = req.Size, MemoryTypeIndex = (uint)type };
        DeviceMemory memory;
        vk.AllocateMemory(context.Device, &alloc, null, &memory).Check("vkAllocateMemory (image)");
        context.TrackCreated();
        Result bind = vk.BindImageMemory(context.Device, image, memory, 0);
        if (bind != Result.Success)
        {
            vk.FreeMemory(context.Device, memory, null);
            context.TrackDestroyed();
            bind.Check("vkBindImageMemory");
        }

        return memory;
    }

    /// <summary>The Vulkan image.</summary>
    public Image Handle { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Pixel format.</summary>
    public Format Format { get; }

    /// <summary>Records a layout transition of the whole image with the given stages and access masks.</summary>
    public void Transition(CommandBuffer cmd, ImageLayout from, ImageLayout to, PipelineStageFlags srcStage, AccessFlags srcAccess, PipelineStageFlags dstStage, AccessFlags dstAccess)
    {
        var barrier = new ImageMemoryBarrier
        {
            SType = StructureType.ImageMemoryBarrier,
            OldLayout = from,
            NewLayout = to,
            SrcAccessMask = srcAccess,
            DstAccessMask = dstAccess,
            SrcQueueFamilyIndex = Vk.QueueFamilyIgnored,
            DstQueueFamilyIndex = Vk.QueueFamilyIgnored,
            Image = Handle,
            SubresourceRange = new ImageSubresourceRange(ImageAspectFlags.ColorBit, 0, 1, 0, 1),
        };
        _context.Vk.CmdPipelineBarrier(cmd, srcStage, dstStage, 0, 0, null, 0, null, 1, &barrier);
    }

    /// <summary>Records a copy from <paramref name="buffer"/> (tightly packed rows at <paramref name="offset"/>) into the image, which must be in TRANSFER_DST_OPTIMAL.</summary>
    public void CopyFrom(CommandBuffer cmd, GpuBuffer buffer, ulong offset)
    {
        var region = Region(offset);
        _context.Vk.CmdCopyBufferToImage(cmd, buffer.Handle, Handle, ImageLayout.TransferDstOptimal, 1, &region);
    }

    /// <summary>Records a copy of the image (in TRANSFER_SRC_OPTIMAL) into <paramref name="buffer"/> at <paramref name="offset"/>.</summary>
    public void CopyTo(CommandBuffer cmd, GpuBuffer buffer, ulong offset)
    {
        var region = Region(offset);
        _context.Vk.CmdCopyImageToBuffer(cmd, Handle, ImageLayout.TransferSrcOptimal, buffer.Handle, 1, &region);
    }

    /// <summary>Destroys the image and frees its memory (the GPU must be done with it). A second call does nothing.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _context.Vk.DestroyImage(_context.Device, Handle, null);
        _context.Vk.FreeMemory(_context.Device, _memory, null);
        _context.TrackDestroyed(2);
    }

    private BufferImageCopy Region(ulong offset) => new()
    {
        BufferOffset = offset,
        ImageSubresource = new ImageSubresourceLayers(ImageAspectFlags.ColorBit, 0, 0, 1),
        ImageExtent = new Extent3D((uint)Width, (uint)Height, 1),
    };
}
