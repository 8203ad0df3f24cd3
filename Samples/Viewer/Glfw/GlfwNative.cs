using System.Runtime.InteropServices;

namespace MaeRealtime.Viewer.Glfw;

/// <summary>
/// The few GLFW 3.3 entry points the viewer uses, from Debian's <c>libglfw.so.3</c> (package libglfw3). Window and
/// monitor handles are opaque pointers; callbacks are unmanaged function pointers to static methods.
/// </summary>
internal static unsafe partial class GlfwNative
{
    public const string Library = "libglfw.so.3";

    public const int True = 1;
    public const int False = 0;
    public const int ClientApi = 0x00022001;
    public const int NoApi = 0;
    public const int Resizable = 0x00020003;
    public const int Visible = 0x00020004;

    public const int Release = 0;
    public const int Press = 1;
    public const int Repeat = 2;

    [LibraryImport(Library, EntryPoint = "glfwInit")]
    public static partial int Init();

    [LibraryImport(Library, EntryPoint = "glfwTerminate")]
    public static partial void Terminate();

    [LibraryImport(Library, EntryPoint = "glfwGetError")]
    public static partial int GetError(byte** description);

    [LibraryImport(Library, EntryPoint = "glfwSetErrorCallback")]
    public static partial nint SetErrorCallback(delegate* unmanaged[Cdecl]<int, byte*, void> callback);

    [LibraryImport(Library, EntryPoint = "glfwVulkanSupported")]
    public static partial int VulkanSupported();

    [LibraryImport(Library, EntryPoint = "glfwGetRequiredInstanceExtensions")]
    public static partial byte** GetRequiredInstanceExtensions(uint* count);

    [LibraryImport(Library, EntryPoint = "glfwCreateWindowSurface")]
    public static partial int CreateWindowSurface(nint instance, nint window, void* allocator, ulong* surface);

    [LibraryImport(Library, EntryPoint = "glfwDefaultWindowHints")]
    public static partial void DefaultWindowHints();

    [LibraryImport(Library, EntryPoint = "glfwWindowHint")]
    public static partial void WindowHint(int hint, int value);

    [LibraryImport(Library, EntryPoint = "glfwCreateWindow", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint CreateWindow(int width, int height, string title, nint monitor, nint share);

    [LibraryImport(Library, EntryPoint = "glfwDestroyWindow")]
    public static partial void DestroyWindow(nint window);

    [LibraryImport(Library, EntryPoint = "glfwSetWindowTitle", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void SetWindowTitle(nint window, string title);

    [LibraryImport(Library, EntryPoint = "glfwWindowShouldClose")]
    public static partial int WindowShouldClose(nint window);

    [LibraryImport(Library, EntryPoint = "glfwSetWindowShouldClose")]
    public static partial void SetWindowShouldClose(nint window, int value);

    [LibraryImport(Library, EntryPoint = "glfwSetWindowUserPointer")]
    public static partial void SetWindowUserPointer(nint window, nint pointer);

    [LibraryImport(Library, EntryPoint = "glfwGetWindowUserPointer")]
    public static partial nint GetWindowUserPointer(nint window);

    [LibraryImport(Library, EntryPoint = "glfwGetFramebufferSize")]
    public static partial void GetFramebufferSize(nint window, int* width, int* height);

    [LibraryImport(Library, EntryPoint = "glfwSetWindowSize")]
    public static partial void SetWindowSize(nint window, int width, int height);

    [LibraryImport(Library, EntryPoint = "glfwGetWindowSize")]
    public static partial void GetWindowSize(nint window, int* width, int* height);

    [LibraryImport(Library, EntryPoint = "glfwGetPrimaryMonitor")]
    public static partial nint GetPrimaryMonitor();

    [LibraryImport(Library, EntryPoint = "glfwGetVideoMode")]
    public static partial VideoMode* GetVideoMode(nint monitor);

    [LibraryImport(Library, EntryPoint = "glfwPollEvents")]
    public static partial void PollEvents();

    [LibraryImport(Library, EntryPoint = "glfwWaitEventsTimeout")]
    public static partial void WaitEventsTimeout(double timeout);

    [LibraryImport(Library, EntryPoint = "glfwSetMouseButtonCallback")]
    public static partial nint SetMouseButtonCallback(nint window, delegate* unmanaged[Cdecl]<nint, int, int, int, void> callback);

    [LibraryImport(Library, EntryPoint = "glfwSetCursorPosCallback")]
    public static partial nint SetCursorPosCallback(nint window, delegate* unmanaged[Cdecl]<nint, double, double, void> callback);

    [LibraryImport(Library, EntryPoint = "glfwSetCursorEnterCallback")]
    public static partial nint SetCursorEnterCallback(nint window, delegate* unmanaged[Cdecl]<nint, int, void> callback);

    [LibraryImport(Library, EntryPoint = "glfwSetScrollCallback")]
    public static partial nint SetScrollCallback(nint window, delegate* unmanaged[Cdecl]<nint, double, double, void> callback);

    [LibraryImport(Library, EntryPoint = "glfwSetKeyCallback")]
    public static partial nint SetKeyCallback(nint window, delegate* unmanaged[Cdecl]<nint, int, int, int, int, void> callback);

    [LibraryImport(Library, EntryPoint = "glfwSetDropCallback")]
    public static partial nint SetDropCallback(nint window, delegate* unmanaged[Cdecl]<nint, int, byte**, void> callback);

    [LibraryImport(Library, EntryPoint = "glfwSetWindowRefreshCallback")]
    public static partial nint SetWindowRefreshCallback(nint window, delegate* unmanaged[Cdecl]<nint, void> callback);

    /// <summary>GLFWvidmode.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct VideoMode
    {
        public int Width;
        public int Height;
        public int RedBits;
        public int GreenBits;
        public int BlueBits;
        public int RefreshRate;
    }
}
