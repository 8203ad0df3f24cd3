using Silk.NET.Vulkan;

namespace MaeRealtime.HostKit;

/// <summary>
/// One of a host's render targets: a 2D image in device-local memory (one mip, one layer) with a view for the
/// host's own passes. The runtime makes its own views of the image; it only needs the handle.
/// </summary>
public sealed unsafe class DeviceImage : IDisposable
{
    private readonly IHostDevice _host;
    private readonly DeviceMemory _memory;

    /// <summary>Creates a <paramref name="width"/> x <paramref name="height"/> image of <paramref name="format"/> with <paramref name="usage"/>; <paramref name="name"/> appears in errors.</summary>
    public DeviceImage(IHostDevice host, int width, int height, Format format, ImageUsageFlags usage, string name = "image")
    {
        _host = host;
        Width = width;
        Height = height;
        Format = format;
        var vk = host.Vk;
        var info = new ImageCreateInfo
        {
            SType = StructureType.ImageCreateInfo,
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
        Image image;
        vk.CreateImage(host.Device, &info, null, &image).Check($"vkCreateImage ({name} {width}x{height} {format})");
        Handle = image;
        try
        {
            MemoryRequirements req;
            vk.GetImageMemoryRequirements(host.Device, image, &req);
            _memory = host.Allocate(req, MemoryPropertyFlags.DeviceLocalBit, 0, name);
            vk.BindImageMemory(host.Device, image, _memory, 0).Check("vkBindImageMemory");
            var viewInfo = new ImageViewCreateInfo
            {
                SType = StructureType.ImageViewCreateInfo,
                Image = image,
                ViewType = ImageViewType.Type2D,
                Format = format,
                SubresourceRange = Range,
            };
            ImageView view;
            vk.CreateImageView(host.Device, &viewInfo, null, &view).Check($"vkCreateImageView ({name})");
            View = view;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Mip 0, layer 0, colour aspect: the whole image.</summary>
    public static ImageSubresourceRange ColorRange => new(ImageAspectFlags.ColorBit, 0, 1, 0, 1);

    /// <summary>The whole image in its aspect: depth for <c>D32_SFLOAT</c> (an engine-style depth buffer), else colour.</summary>
    public ImageSubresourceRange Range => Format == Format.D32Sfloat ? new(ImageAspectFlags.DepthBit, 0, 1, 0, 1) : ColorRange;

    /// <summary>The image.</summary>
    public Image Handle { get; }

    /// <summary>A view of the whole image in its own format (for the host's scene pass).</summary>
    public ImageView View { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Pixel format.</summary>
    public Format Format { get; }

    /// <summary>Bytes per pixel of <see cref="Format"/> (the R8 and RGBA8 formats the samples use).</summary>
    public int PixelBytes => Format == Format.R8Unorm ? 1 : 4;

    /// <summary>A barrier of the whole image from (<paramref name="oldLayout"/>, <paramref name="srcAccess"/>) to (<paramref name="newLayout"/>, <paramref name="dstAccess"/>).</summary>
    public ImageMemoryBarrier Barrier(ImageLayout oldLayout, ImageLayout newLayout, AccessFlags srcAccess, AccessFlags dstAccess) => new()
    {
        SType = StructureType.ImageMemoryBarrier,
        OldLayout = oldLayout,
        NewLayout = newLayout,
        SrcAccessMask = srcAccess,
        DstAccessMask = dstAccess,
        SrcQueueFamilyIndex = Vk.QueueFamilyIgnored,
        DstQueueFamilyIndex = Vk.QueueFamilyIgnored,
        Image = Handle,
        SubresourceRange = Range,
    };

    /// <summary>Records a copy of the whole image (in TRANSFER_SRC_OPTIMAL) into <paramref name="buffer"/> at <paramref name="offset"/>, rows tightly packed.</summary>
    public void CopyTo(CommandBuffer cmd, HostBuffer buffer, ulong offset)
    {
        var region = new BufferImageCopy
        {
            BufferOffset = offset,
            ImageSubresource = new ImageSubresourceLayers(ImageAspectFlags.ColorBit, 0, 0, 1),
            ImageExtent = new Extent3D((uint)Width, (uint)Height, 1),
        };
        _host.Vk.CmdCopyImageToBuffer(cmd, Handle, ImageLayout.TransferSrcOptimal, buffer.Handle, 1, &region);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        var vk = _host.Vk;
        if (View.Handle != 0)
        {
            vk.DestroyImageView(_host.Device, View, null);
        }

        vk.DestroyImage(_host.Device, Handle, null);
        if (_memory.Handle != 0)
        {
            vk.FreeMemory(_host.Device, _memory, null);
        }
    }
}
