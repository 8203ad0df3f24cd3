using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Frames;

/// <summary>
/// Image views of the host's images, created the first time an image is seen and kept until
/// <see cref="Forget"/> or disposal, so a host cycling through a fixed set of images creates no Vulkan
/// objects per frame.
/// </summary>
internal sealed unsafe class ImageViewCache(GpuContext context) : IDisposable
{
    private readonly Dictionary<(ulong Image, Format Format), ImageView> _views = [];

    public ImageView Get(Image image, Format format)
    {
        if (_views.TryGetValue((image.Handle, format), out var view))
        {
            return view;
        }

        var info = new ImageViewCreateInfo
        {
            SType = StructureType.ImageViewCreateInfo,
            Image = image,
            ViewType = ImageViewType.Type2D,
            Format = format,
            SubresourceRange = new ImageSubresourceRange(ImageAspectFlags.ColorBit, 0, 1, 0, 1),
        };
        context.Vk.CreateImageView(context.Device, &info, null, &view).Check("vkCreateImageView (a frame image)");
        _views.Add((image.Handle, format), view);
        return view;
    }

    /// <summary>The views made for <paramref name="image"/>.</summary>
    public List<ImageView> ViewsOf(Image image) => _views.Where(kv => kv.Key.Image == image.Handle).Select(kv => kv.Value).ToList();

    /// <summary>Destroys the views of <paramref name="image"/> (the GPU must be done with them).</summary>
    public void Forget(Image image)
    {
        foreach (var key in _views.Keys.Where(k => k.Image == image.Handle).ToList())
        {
            context.Vk.DestroyImageView(context.Device, _views[key], null);
            _views.Remove(key);
        }
    }

    public void Dispose()
    {
        foreach (var view in _views.Values)
        {
            context.Vk.DestroyImageView(context.Device, view, null);
        }

        _views.Clear();
    }
}
