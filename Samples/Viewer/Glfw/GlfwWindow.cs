using System.Runtime.InteropServices;

namespace MaeRealtime.Viewer.Glfw;

/// <summary>
/// A resizable GLFW window without a client API (Vulkan presents into it). Its callbacks queue
/// <see cref="InputEvent"/>s that the frame loop drains with <see cref="DrainEvents"/> after polling.
/// </summary>
internal sealed unsafe class GlfwWindow : IDisposable
{
    private readonly Queue<InputEvent> _events = new();
    private GCHandle _self;

    /// <summary>Opens a window of <paramref name="width"/> x <paramref name="height"/> screen coordinates.</summary>
    public GlfwWindow(int width, int height, string title)
    {
        GlfwNative.DefaultWindowHints();
        GlfwNative.WindowHint(GlfwNative.ClientApi, GlfwNative.NoApi);
        GlfwNative.WindowHint(GlfwNative.Resizable, GlfwNative.True);
        Handle = GlfwNative.CreateWindow(width, height, title, 0, 0);
        if (Handle == 0)
        {
            throw new NoDisplayException($"glfwCreateWindow failed ({GlfwLibrary.LastError()})");
        }

        _self = GCHandle.Alloc(this);
        GlfwNative.SetWindowUserPointer(Handle, GCHandle.ToIntPtr(_self));
        GlfwNative.SetMouseButtonCallback(Handle, &OnMouseButton);
        GlfwNative.SetCursorPosCallback(Handle, &OnCursorPos);
        GlfwNative.SetCursorEnterCallback(Handle, &OnCursorEnter);
        GlfwNative.SetScrollCallback(Handle, &OnScroll);
        GlfwNative.SetKeyCallback(Handle, &OnKey);
        GlfwNative.SetDropCallback(Handle, &OnDrop);
        GlfwNative.SetWindowRefreshCallback(Handle, &OnRefresh);
    }

    /// <summary>The GLFWwindow pointer.</summary>
    public nint Handle { get; private set; }

    /// <summary>Whether the user asked to close the window (or <see cref="RequestClose"/> was called).</summary>
    public bool ShouldClose => GlfwNative.WindowShouldClose(Handle) == GlfwNative.True;

    /// <summary>The drawable size in pixels; (0, 0) while minimised.</summary>
    public (int Width, int Height) FramebufferSize
    {
        get
        {
            int w, h;
            GlfwNative.GetFramebufferSize(Handle, &w, &h);
            return (w, h);
        }
    }

    /// <summary>The window size in screen coordinates (what cursor positions are measured in).</summary>
    public (int Width, int Height) WindowSize
    {
        get
        {
            int w, h;
            GlfwNative.GetWindowSize(Handle, &w, &h);
            return (w, h);
        }
    }

    /// <summary>The size of the primary monitor's current video mode, or null when GLFW does not know it.</summary>
    public static (int Width, int Height)? PrimaryMonitorSize()
    {
        nint monitor = GlfwNative.GetPrimaryMonitor();
        GlfwNative.VideoMode* mode = monitor != 0 ? GlfwNative.GetVideoMode(monitor) : null;
        return mode != null ? (mode->Width, mode->Height) : null;
    }

    /// <summary>Asks for a new window size in screen coordinates (the window manager may adjust it).</summary>
    public void Resize(int width, int height) => GlfwNative.SetWindowSize(Handle, width, height);

    /// <summary>Sets the title bar text.</summary>
    public void SetTitle(string title) => GlfwNative.SetWindowTitle(Handle, title);

    /// <summary>Asks the frame loop to end.</summary>
    public void RequestClose() => GlfwNative.SetWindowShouldClose(Handle, GlfwNative.True);

    /// <summary>Processes pending window-system events without blocking.</summary>
    public static void Poll() => GlfwNative.PollEvents();

    /// <summary>Sleeps until an event arrives or <paramref name="seconds"/> pass (idle frames, minimised windows).</summary>
    public static void Wait(double seconds) => GlfwNative.WaitEventsTimeout(seconds);

    /// <summary>Moves the queued events into <paramref name="into"/>, oldest first.</summary>
    public void DrainEvents(List<InputEvent> into)
    {
        while (_events.TryDequeue(out var e))
        {
            into.Add(e);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Handle != 0)
        {
            GlfwNative.DestroyWindow(Handle);
            Handle = 0;
        }

        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }

    private static void Enqueue(nint window, InputEvent e)
    {
        nint user = GlfwNative.GetWindowUserPointer(window);
        if (user != 0 && GCHandle.FromIntPtr(user).Target is GlfwWindow self)
        {
            self._events.Enqueue(e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void OnMouseButton(nint window, int button, int action, int mods) =>
        Enqueue(window, new InputEvent(InputKind.MouseButton, button, action == GlfwNative.Press));

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void OnCursorPos(nint window, double x, double y) =>
        Enqueue(window, new InputEvent(InputKind.CursorMove, X: x, Y: y));

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void OnCursorEnter(nint window, int entered)
    {
        if (entered == GlfwNative.False)
        {
            Enqueue(window, new InputEvent(InputKind.CursorLeave));
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void OnScroll(nint window, double dx, double dy) =>
        Enqueue(window, new InputEvent(InputKind.Scroll, Y: dy));

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void OnKey(nint window, int key, int scancode, int action, int mods)
    {
        if (action == GlfwNative.Press)
        {
            Enqueue(window, new InputEvent(InputKind.KeyPress, key, Pressed: true));
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void OnDrop(nint window, int count, byte** paths)
    {
        // GLFW frees the strings when the callback returns, so they are copied here.
        for (int i = 0; i < count; i++)
        {
            string? path = Marshal.PtrToStringUTF8((nint)paths[i]);
            if (!string.IsNullOrEmpty(path))
            {
                Enqueue(window, new InputEvent(InputKind.Drop, Path: path));
            }
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void OnRefresh(nint window) => Enqueue(window, new InputEvent(InputKind.Refresh));
}
