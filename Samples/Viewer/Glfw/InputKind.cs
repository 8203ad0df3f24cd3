namespace MaeRealtime.Viewer.Glfw;

/// <summary>What an <see cref="InputEvent"/> reports.</summary>
internal enum InputKind
{
    /// <summary>A mouse button went down or up (<see cref="InputEvent.Code"/> is the button).</summary>
    MouseButton,

    /// <summary>The cursor moved to (<see cref="InputEvent.X"/>, <see cref="InputEvent.Y"/>), in window coordinates.</summary>
    CursorMove,

    /// <summary>The cursor left the window (the brush ring is hidden until it comes back).</summary>
    CursorLeave,

    /// <summary>The wheel turned by <see cref="InputEvent.Y"/> steps.</summary>
    Scroll,

    /// <summary>A key was pressed (<see cref="InputEvent.Code"/> is the GLFW key); key repeats are not.</summary>
    KeyPress,

    /// <summary>A file was dropped on the window (<see cref="InputEvent.Path"/>).</summary>
    Drop,

    /// <summary>The window's contents were damaged and must be presented again.</summary>
    Refresh,
}
