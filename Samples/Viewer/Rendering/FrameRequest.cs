using MaeRealtime.Runtime.Frames;
using MaeRealtime.Viewer.Views;

namespace MaeRealtime.Viewer.Rendering;

/// <summary>What the frame loop asks one frame to do.</summary>
internal sealed class FrameRequest
{
    /// <summary>The frame pass of the current model.</summary>
    public required FrameInpainter Inpainter { get; init; }

    /// <summary>Whether to record the inpaint pass (false: the mask and model are unchanged, the last output stands).</summary>
    public bool Inpaint { get; init; }

    public ViewMode View { get; init; }

    /// <summary>The brush ring (frame pixels), or null when the cursor is not over the window.</summary>
    public (double X, double Y, double Radius)? Brush { get; init; }

    /// <summary>The overlay text (sized for the current window by the renderer).</summary>
    public required TextGrid Text { get; init; }

    /// <summary>Write the presented image to this PNG once the frame completes.</summary>
    public string? ScreenshotPath { get; init; }
}
