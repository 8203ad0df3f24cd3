namespace MaeRealtime.Viewer.Glfw;

/// <summary>
/// One input event, queued by the GLFW callbacks and handled by the frame loop after polling (callbacks run
/// inside native code, where a managed exception must not escape).
/// </summary>
internal readonly record struct InputEvent(InputKind Kind, int Code = 0, bool Pressed = false, double X = 0, double Y = 0, string? Path = null);
