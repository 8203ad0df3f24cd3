using Silk.NET.Vulkan;
using Semaphore = Silk.NET.Vulkan.Semaphore;

namespace MaeRealtime.Viewer.Presentation;

/// <summary>
/// The window's swapchain. Its images are only ever blit destinations (the viewer composes into an image of
/// its own and blits it), so a UNORM format is preferred: the composed bytes are already display-encoded and
/// an sRGB format would encode them twice. Recreated on resize or when presentation reports it out of date;
/// while the window is minimised (a 0x0 framebuffer) there is no swapchain at all.
/// </summary>
internal sealed unsafe class Swapchain : IDisposable
{
    private readonly PresentationDevice _gpu;
    private readonly bool _vsync;
    private SwapchainKHR _handle;
    private Semaphore[] _renderFinished = [];

    public Swapchain(PresentationDevice gpu, bool vsync)
    {
        _gpu = gpu;
        _vsync = vsync;
    }

    /// <summary>Whether a swapchain exists (false before the first <see cref="Recreate"/> and while minimised).</summary>
    public bool IsReady => _handle.Handle != 0;

    public SwapchainKHR Handle => _handle;

    public Format Format { get; private set; }

    public Extent2D Extent { get; private set; }

    public PresentModeKHR PresentMode { get; private set; }

    public Image[] Images { get; private set; } = [];

    /// <summary>
    /// One semaphore per image, signalled by the frame that renders it and waited by its present: a semaphore per
    /// frame slot could still be in use by an earlier present of another image.
    /// </summary>
    public Semaphore RenderFinished(uint imageIndex) => _renderFinished[imageIndex];

    /// <summary>
    /// (Re)creates the swapchain for a <paramref name="width"/> x <paramref name="height"/> framebuffer; returns
    /// false and leaves none when the surface has no area (minimised). Waits for the device first: resizes are rare.
    /// </summary>
    public bool Recreate(int width, int height)
    {
        var vk = _gpu.Vk;
        vk.DeviceWaitIdle(_gpu.Device).Check("vkDeviceWaitIdle");
        SurfaceCapabilitiesKHR caps;
        _gpu.SurfaceFns.GetCapabilities(_gpu.PhysicalDevice, _gpu.Surface, &caps).Check("vkGetPhysicalDeviceSurfaceCapabilitiesKHR");
        var extent = caps.CurrentExtent.Width != uint.MaxValue
            ? caps.CurrentExtent
            : new Extent2D(
                Math.Clamp((uint)Math.Max(width, 0), caps.MinImageExtent.Width, caps.MaxImageExtent.Width),
                Math.Clamp((uint)Math.Max(height, 0), caps.MinImageExtent.Height, caps.MaxImageExtent.Height));
        if (extent.Width == 0 || extent.Height == 0 || width == 0 || height == 0)
        {
            DestroyCurrent();
            return false;
        }

        if ((caps.SupportedUsageFlags & ImageUsageFlags.TransferDstBit) == 0)
        {
            throw new InvalidOperationException("The surface's swapchain images cannot be transfer destinations; the viewer blits into them.");
        }

        var format = ChooseFormat();
        uint imageCount = caps.MinImageCount + 1;
        if (caps.MaxImageCount != 0)
        {
            imageCount = Math.Min(imageCount, caps.MaxImageCount);
        }

        var old = _handle;
        var info = new SwapchainCreateInfoKHR
        {
            SType = StructureType.SwapchainCreateInfoKhr,
            Surface = _gpu.Surface,
            MinImageCount = imageCount,
            ImageFormat = format.Format,
            ImageColorSpace = format.ColorSpace,
            ImageExtent = extent,
            ImageArrayLayers = 1,
            ImageUsage = ImageUsageFlags.TransferDstBit,
            ImageSharingMode = SharingMode.Exclusive,
            PreTransform = caps.CurrentTransform,
            CompositeAlpha = ChooseAlpha(caps.SupportedCompositeAlpha),
            PresentMode = ChoosePresentMode(),
            Clipped = true,
            OldSwapchain = old,
        };
        SwapchainKHR handle;
        _gpu.SwapchainFns.Create(_gpu.Device, &info, null, &handle).Check("vkCreateSwapchainKHR");
        DestroyCurrent();
        _handle = handle;
        Format = format.Format;
        Extent = extent;
        PresentMode = info.PresentMode;

        uint count = 0;
        _gpu.SwapchainFns.GetImages(_gpu.Device, handle, &count, null).Check("vkGetSwapchainImagesKHR");
        var images = new Image[count];
        fixed (Image* p = images)
        {
            _gpu.SwapchainFns.GetImages(_gpu.Device, handle, &count, p).Check("vkGetSwapchainImagesKHR");
        }

        Images = images;
        _renderFinished = new Semaphore[count];
        var semInfo = new SemaphoreCreateInfo { SType = StructureType.SemaphoreCreateInfo };
        for (int i = 0; i < count; i++)
        {
            Semaphore s;
            vk.CreateSemaphore(_gpu.Device, &semInfo, null, &s).Check("vkCreateSemaphore");
            _renderFinished[i] = s;
        }

        return true;
    }

    /// <summary>Acquires the next image; returns the raw result (Success, SuboptimalKhr, ErrorOutOfDateKhr are for the caller).</summary>
    public Result Acquire(Semaphore signal, out uint imageIndex)
    {
        uint index;
        var result = _gpu.SwapchainFns.AcquireNextImage(_gpu.Device, _handle, ulong.MaxValue, signal, default, &index);
        imageIndex = index;
        return result;
    }

    /// <summary>Presents image <paramref name="imageIndex"/> after its render-finished semaphore; returns the raw result.</summary>
    public Result Present(uint imageIndex)
    {
        var handle = _handle;
        var wait = _renderFinished[imageIndex];
        var info = new PresentInfoKHR
        {
            SType = StructureType.PresentInfoKhr,
            WaitSemaphoreCount = 1,
            PWaitSemaphores = &wait,
            SwapchainCount = 1,
            PSwapchains = &handle,
            PImageIndices = &imageIndex,
        };
        return _gpu.SwapchainFns.QueuePresent(_gpu.Queue, &info);
    }

    public void Dispose()
    {
        _gpu.Vk.DeviceWaitIdle(_gpu.Device);
        DestroyCurrent();
    }

    private void DestroyCurrent()
    {
        foreach (var s in _renderFinished)
        {
            _gpu.Vk.DestroySemaphore(_gpu.Device, s, null);
        }

        _renderFinished = [];
        Images = [];
        if (_handle.Handle != 0)
        {
            _gpu.SwapchainFns.Destroy(_gpu.Device, _handle, null);
            _handle = default;
        }
    }

    private SurfaceFormatKHR ChooseFormat()
    {
        var formats = _gpu.SurfaceFns.Formats(_gpu.PhysicalDevice, _gpu.Surface);
        if (formats.Length == 0)
        {
            throw new InvalidOperationException("The surface offers no formats.");
        }

        foreach (var wanted in (ReadOnlySpan<Format>)[Format.B8G8R8A8Unorm, Format.R8G8B8A8Unorm, Format.A2B10G10R10UnormPack32])
        {
            foreach (var f in formats)
            {
                if (f.Format == wanted && f.ColorSpace == ColorSpaceKHR.SpaceSrgbNonlinearKhr && CanBlitTo(f.Format))
                {
                    return f;
                }
            }
        }

        foreach (var f in formats)
        {
            if (CanBlitTo(f.Format))
            {
                return f;
            }
        }

        throw new InvalidOperationException($"None of the surface's formats ({string.Join(", ", formats.Select(f => f.Format))}) can be a blit destination.");
    }

    private bool CanBlitTo(Format format)
    {
        FormatProperties props;
        _gpu.Vk.GetPhysicalDeviceFormatProperties(_gpu.PhysicalDevice, format, &props);
        return (props.OptimalTilingFeatures & FormatFeatureFlags.BlitDstBit) != 0;
    }

    private PresentModeKHR ChoosePresentMode()
    {
        if (_vsync)
        {
            return PresentModeKHR.FifoKhr; // always available
        }

        var modes = _gpu.SurfaceFns.PresentModes(_gpu.PhysicalDevice, _gpu.Surface);
        return modes.Contains(PresentModeKHR.ImmediateKhr) ? PresentModeKHR.ImmediateKhr
            : modes.Contains(PresentModeKHR.MailboxKhr) ? PresentModeKHR.MailboxKhr
            : PresentModeKHR.FifoKhr;
    }

    private static CompositeAlphaFlagsKHR ChooseAlpha(CompositeAlphaFlagsKHR supported) =>
        (supported & CompositeAlphaFlagsKHR.OpaqueBitKhr) != 0 ? CompositeAlphaFlagsKHR.OpaqueBitKhr
        : (supported & CompositeAlphaFlagsKHR.InheritBitKhr) != 0 ? CompositeAlphaFlagsKHR.InheritBitKhr
        : (CompositeAlphaFlagsKHR)((uint)supported & (uint)-(int)supported); // the lowest supported bit
}
