using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;
using MaeRealtime.Viewer.Capture;
using MaeRealtime.Viewer.Glfw;
using MaeRealtime.Viewer.Models;
using MaeRealtime.Viewer.Painting;
using MaeRealtime.Viewer.Presentation;
using MaeRealtime.Viewer.Rendering;

namespace MaeRealtime.Viewer;

/// <summary>
/// Sets the viewer up as a host engine would (window, own instance and device, the runtime adopting them),
/// runs the session and prints the summary: frame rate while inpainting and the validation error count.
/// Exit codes: 0 done, 1 usage or input error, 2 no display or a Vulkan failure.
/// </summary>
public static class ViewerApp
{
    /// <summary>Runs the viewer with command-line <paramref name="args"/>; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ViewerOptions options;
        string imagePath, modelPath;
        BrushScript? script;
        try
        {
            options = ViewerOptions.Parse(args);
            if (options.Help)
            {
                stdout.WriteLine(ViewerOptions.Usage);
                return 0;
            }

            imagePath = DefaultAssets.Resolve(options.Image, DefaultAssets.ImagePath, "image");
            modelPath = DefaultAssets.Resolve(options.Model, DefaultAssets.ModelPath, "model");
            script = options.Script is null ? null : BrushScript.Load(options.Script);
        }
        catch (Exception ex) when (ex is ArgumentException or FileNotFoundException or FormatException or IOException)
        {
            stderr.WriteLine($"viewer: error: {ex.Message}");
            return 1;
        }

        try
        {
            return RunWindow(options, imagePath, modelPath, script, stdout);
        }
        catch (NoDisplayException ex)
        {
            stderr.WriteLine($"viewer: error: {ex.Message}");
            return 2;
        }
        catch (Exception ex) when (ex is WeightFileException or SixLabors.ImageSharp.UnknownImageFormatException or SixLabors.ImageSharp.InvalidImageContentException or ArgumentException)
        {
            stderr.WriteLine($"viewer: error: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is InvalidOperationException or VulkanException or NoVulkanDeviceException)
        {
            stderr.WriteLine($"viewer: error: {ex.Message}");
            return 2;
        }
    }

    private static int RunWindow(ViewerOptions options, string imagePath, string modelPath, BrushScript? script, TextWriter stdout)
    {
        var (width, height, rgba) = ImageFiles.LoadRgba(imagePath);
        if (width > 4096 || height > 4096)
        {
            throw new ArgumentException($"image '{imagePath}' is {width}x{height}; the viewer takes up to 4096x4096");
        }

        var canvas = new HoleCanvas(width, height, rgba);
        bool validation = new GpuContextOptions().ValidationEnabled;
        using var glfw = GlfwLibrary.Initialize();
        var (windowW, windowH) = options.Window ?? DefaultWindowSize(width, height);
        using var window = new GlfwWindow(windowW, windowH, $"MaeRealtime viewer - {Path.GetFileName(imagePath)}");
        using var gpu = PresentationDevice.Create(window, validation, new GpuContextOptions().DeviceSelector);
        int errors;
        using (var context = GpuContext.Adopt(gpu.Vk, gpu.Instance, gpu.PhysicalDevice, gpu.Device, gpu.QueueFamily, 0, new GpuContextOptions { ApplicationName = "MaeRealtime Viewer", HostEnabledStorageBuffer16BitAccess = gpu.StorageBuffer16BitAccess }))
        using (var frame = new FrameTargets(gpu, width, height))
        using (var renderer = new ViewerRenderer(gpu, frame, canvas, () => window.FramebufferSize, options.Vsync))
        {
            renderer.Initialize();
            var model = LoadedModel.Load(context, modelPath, width, height, ViewerRenderer.FramesInFlight, options.History);
            using var session = new ViewerSession(options, window, context, renderer, canvas, model, script, stdout);
            stdout.WriteLine($"viewer: {Path.GetFileName(imagePath)} ({width}x{height}) with {model.Name} ({model.Inpainter.KernelFamily} kernels) on {gpu.DeviceName}; validation {(validation ? "on" : "off")}");
            session.Run();
            session.Finish();
            stdout.WriteLine($"viewer: {session.Times.Summary()}");
            stdout.WriteLine($"viewer: {session.FlickerSummary()}");
        }

        errors = gpu.Messenger?.ErrorCount ?? 0;
        stdout.WriteLine(validation ? $"viewer: validation errors: {errors}" : "viewer: validation off (MAE_VALIDATION=1 turns it on)");
        return 0;
    }

    private static (int Width, int Height) DefaultWindowSize(int width, int height)
    {
        // The image at 2:1 when that fits in 90% of the screen, else 1:1, else shrunk to fit.
        var screen = GlfwWindow.PrimaryMonitorSize() ?? (1280, 800);
        double room = Math.Min(0.9 * screen.Width / width, 0.9 * screen.Height / height);
        double scale = room >= 2 ? 2 : Math.Min(1, room);
        return (Math.Max(64, (int)(width * scale)), Math.Max(64, (int)(height * scale)));
    }
}
