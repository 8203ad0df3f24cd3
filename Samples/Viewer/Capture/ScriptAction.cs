namespace MaeRealtime.Viewer.Capture;

/// <summary>What one frame of a replayed script does.</summary>
internal enum ScriptActionKind
{
    /// <summary>Nothing (a <c>wait</c> frame).</summary>
    Wait,

    /// <summary>Paints holes along the segment (a <c>paint</c> dab is a segment of length 0).</summary>
    Paint,

    /// <summary>Erases holes along the segment.</summary>
    Erase,

    /// <summary>Presses <see cref="ScriptAction.Key"/>.</summary>
    Key,

    /// <summary>Handles <see cref="ScriptAction.Path"/> as if the file had been dropped on the window.</summary>
    Drop,

    /// <summary>Resizes the window to (<see cref="ScriptAction.X1"/>, <see cref="ScriptAction.Y1"/>) screen coordinates.</summary>
    Resize,
}

/// <summary>One frame's action of a brush script: a segment (frame pixels) with a radius, a key press, a dropped file or a window size.</summary>
internal readonly record struct ScriptAction(ScriptActionKind Kind, double X0 = 0, double Y0 = 0, double X1 = 0, double Y1 = 0, double Radius = 0, int Key = 0, string? Path = null);
