using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Frames;

/// <summary>
/// Image views of the host's images, created the first time an image is seen and kept until
/// <see cref="Forget"/> or disposal, so a host cycling through a fixed set of images creates no Vulkan
/// objects per frame.
/// </summary>
/// <remarks>
/// Vulkan gives no way to ask what a VkImage handle is, and a destroyed image's handle value may come back
/// for the next image created, so the raw handle alone cannot tell a re-created image from the old one.
/// Views are keyed by handle, view format and the host's <see cref="FrameImages.Generation"/>: a handle seen
/// with a new generation gets new views, and its older views are retired, then destroyed once no frame
/// recorded with them can still be pending (the frames-in-flight contract).
/// </remarks>
internal sealed unsafe class ImageViewCache(GpuContext context) : IDisposable
{
    private readonly Dictionary<(ulong Image, Format Format, ulong Generation), ImageView> _views = [];
    private readonly List<(ImageView View, ulong Image, long RetiredAt)> _retired = [];
    private readonly List<ImageView> _destroyed = [];

    /// <summary>True while retired views wait for <see cref="ReleaseRetired"/>.</summary>
    public bool HasRetired => _retired.Count > 0;

    /// <summary>Live views (cached and retired), for tests.</summary>
    public int Count => _views.Count + _retired.Count;

    /// <summary>The view of <paramref name="image"/> as <paramref name="format"/> under <paramref name="generation"/>; <paramref name="frame"/> is the frame asking.</summary>
    public ImageView Get(Image image, Format format, ulong generation, long frame)
    {
        if (_views.TryGetValue((image.Handle, format, generation), out var view))
        {
            return view;
        }

        RetireOtherGenerations(image.Handle, generation, frame);
        var info = new ImageViewCreateInfo
        {
            SType = StructureType.ImageViewCreateInfo,
            Image = image,
            ViewType = ImageViewType.Type2D,
            Format = format,
            // A depth image is sampled through its depth aspect.
            SubresourceRange = new ImageSubresourceRange(format == Format.D32Sfloat ? ImageAspectFlags.DepthBit : ImageAspectFlags.ColorBit, 0, 1, 0, 1),
        };
        context.BeforeCreate("vkCreateImageView (a frame image)");
        context.Vk.CreateImageView(context.Device, &info, null, &view).Check("vkCreateImageView (a frame image)");
        context.TrackCreated();
        _views.Add((image.Handle, format, generation), view);
        return view;
    }

    /// <summary>
    /// Destroys the retired views no frame can still use: retired at frame r, a view was last used by frame
    /// r - 1 at the latest, which has completed when frame r - 1 + <paramref name="framesInFlight"/> is recorded;
    /// one frame more is waited for good measure. Returns the destroyed views (a list reused between calls).
    /// </summary>
    public List<ImageView> ReleaseRetired(long frame, int framesInFlight)
    {
        _destroyed.Clear();
        for (int i = _retired.Count - 1; i >= 0; i--)
        {
            if (frame - _retired[i].RetiredAt >= framesInFlight)
            {
                Destroy(_retired[i].View);
                _retired.RemoveAt(i);
            }
        }

        return _destroyed;
    }

    /// <summary>Destroys every view of <paramref name="image"/>, cached or retired (the GPU must be done with them); returns them.</summary>
    public List<ImageView> Forget(Image image)
    {
        _destroyed.Clear();
        foreach (var key in _views.Keys.Where(k => k.Image == image.Handle).ToList())
        {
            Destroy(_views[key]);
            _views.Remove(key);
        }

        for (int i = _retired.Count - 1; i >= 0; i--)
        {
            if (_retired[i].Image == image.Handle)
            {
                Destroy(_retired[i].View);
                _retired.RemoveAt(i);
            }
        }

        return _destroyed;
    }

    public void Dispose()
    {
        foreach (var view in _views.Values)
        {
            Destroy(view);
        }

        foreach (var (view, _, _) in _retired)
        {
            Destroy(view);
        }

        _views.Clear();
        _retired.Clear();
        _destroyed.Clear();
    }

    private void RetireOtherGenerations(ulong image, ulong generation, long frame)
    {
        List<(ulong Image, Format Format, ulong Generation)>? stale = null;
        foreach (var key in _views.Keys)
        {
            if (key.Image == image && key.Generation != generation)
            {
                (stale ??= []).Add(key);
            }
        }

        foreach (var key in stale ?? [])
        {
            _retired.Add((_views[key], image, frame));
            _views.Remove(key);
        }
    }

    private void Destroy(ImageView view)
    {
        context.Vk.DestroyImageView(context.Device, view, null);
        context.TrackDestroyed();
        _destroyed.Add(view);
    }
}
