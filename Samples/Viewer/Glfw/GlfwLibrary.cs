using System.Runtime.InteropServices;

namespace MaeRealtime.Viewer.Glfw;

/// <summary>
/// GLFW's process-wide state: initialized once before any window, terminated at exit. Every failure to reach a
/// display becomes a <see cref="NoDisplayException"/> that names the cause.
/// </summary>
internal sealed unsafe class GlfwLibrary : IDisposable
{
    private static string? _lastError;

    private GlfwLibrary()
    {
    }

    /// <summary>Initializes GLFW; throws <see cref="NoDisplayException"/> when no window can be opened.</summary>
    public static GlfwLibrary Initialize()
    {
        // Checked first: without a display GLFW 3.3's X11 backend only says "Failed to open display".
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY"))
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY")))
        {
            throw new NoDisplayException("no display: neither DISPLAY nor WAYLAND_DISPLAY is set (run it in a desktop session, or headless under `xvfb-run -a -s \"-screen 0 1280x1024x24\"`)");
        }

        try
        {
            GlfwNative.SetErrorCallback(&OnError);
            if (GlfwNative.Init() != GlfwNative.True)
            {
                throw new NoDisplayException($"no display: glfwInit failed ({LastError()}); DISPLAY={Environment.GetEnvironmentVariable("DISPLAY")}");
            }
        }
        catch (DllNotFoundException ex)
        {
            throw new NoDisplayException($"{GlfwNative.Library} could not be loaded (install the package libglfw3, or run ./mae setup)", ex);
        }

        if (GlfwNative.VulkanSupported() != GlfwNative.True)
        {
            GlfwNative.Terminate();
            throw new NoDisplayException($"GLFW found no Vulkan loader with surface support ({LastError()}); install libvulkan1 and a Vulkan driver (mesa-vulkan-drivers)");
        }

        return new GlfwLibrary();
    }

    /// <summary>The instance extensions a window surface needs on this platform (e.g. VK_KHR_surface, VK_KHR_xcb_surface).</summary>
    public static IReadOnlyList<string> RequiredInstanceExtensions()
    {
        uint count = 0;
        byte** names = GlfwNative.GetRequiredInstanceExtensions(&count);
        if (names == null)
        {
            throw new NoDisplayException($"GLFW reports no Vulkan surface extensions for this display ({LastError()})");
        }

        var list = new string[count];
        for (int i = 0; i < count; i++)
        {
            list[i] = Marshal.PtrToStringUTF8((nint)names[i]) ?? string.Empty;
        }

        return list;
    }

    /// <summary>The description of GLFW's most recent error, or "no details".</summary>
    public static string LastError()
    {
        byte* description = null;
        int code = GlfwNative.GetError(&description);
        string? text = description != null ? Marshal.PtrToStringUTF8((nint)description) : _lastError;
        return code != 0 && text is not null ? $"GLFW error 0x{code:X}: {text}" : _lastError ?? "no details";
    }

    /// <summary>Terminates GLFW (after every window is destroyed).</summary>
    public void Dispose() => GlfwNative.Terminate();

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void OnError(int code, byte* description)
    {
        _lastError = $"GLFW error 0x{code:X}: {Marshal.PtrToStringUTF8((nint)description)}";
    }
}
