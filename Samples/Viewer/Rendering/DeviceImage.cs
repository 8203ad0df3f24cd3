using MaeRealtime.Viewer.Presentation;
using Silk.NET.Vulkan;

namespace MaeRealtime.Viewer.Rendering;

/// <summary>A 2D image in device-local memory with one view of its own format (mip 0, layer 0).</summary>
internal sealed unsafe class DeviceImage : IDisposable
{
    private readonly PresentationDevice _gpu;
    private readonly DeviceMemory _memory;

    public DeviceImage(PresentationDevice gpu, int width, int height, Format format, ImageUsageFlags usage)
    {
        _gpu = gpu;
        Width = width;
        Height = height;
        Format = format;
        var vk = gpu.Vk;
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
        vk.CreateImage(gpu.Device, &info, null, &image).Check("vkCreateImage");
        Handle = image;

        MemoryRequirements req;
        vk.GetImageMemoryRequirements(gpu.Device, image, &req);
        var alloc = new MemoryAllocateInfo
        {
            SType = StructureType.MemoryAllocateInfo,
            AllocationSize = req.Size,
            MemoryTypeIndex = gpu.MemoryType(req.MemoryTypeBits, MemoryPropertyFlags.DeviceLocalBit),
        };
        DeviceMemory memory;
        vk.AllocateMemory(gpu.Device, &alloc, null, &memory).Check("vkAllocateMemory");
        _memory = memory;
        vk.BindImageMemory(gpu.Device, image, memory, 0).Check("vkBindImageMemory");

        var viewInfo = new ImageViewCreateInfo
        {
            SType = StructureType.ImageViewCreateInfo,
            Image = image,
            ViewType = ImageViewType.Type2D,
            Format = format,
            SubresourceRange = Barriers.Color,
        };
        ImageView view;
        vk.CreateImageView(gpu.Device, &viewInfo, null, &view).Check("vkCreateImageView");
        View = view;
    }

    public Image Handle { get; }

    public ImageView View { get; }

    public int Width { get; }

    public int Height { get; }

    public Format Format { get; }

    public void Dispose()
    {
        _gpu.Vk.DestroyImageView(_gpu.Device, View, null);
        _gpu.Vk.DestroyImage(_gpu.Device, Handle, null);
        _gpu.Vk.FreeMemory(_gpu.Device, _memory, null);
    }
}
