namespace MaeRealtime.Viewer.Glfw;

/// <summary>There is no display to open a window on (no X11/Wayland session, or GLFW or its Vulkan support is missing).</summary>
public sealed class NoDisplayException(string message, Exception? inner = null) : Exception(message, inner);
