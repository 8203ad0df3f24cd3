namespace MaeRealtime.Viewer.Views;

/// <summary>What the window shows of the frame (keys 1 to 5); the values are the display shader's mode numbers.</summary>
internal enum ViewMode
{
    /// <summary>The runtime's output: known pixels as they were, holes filled.</summary>
    Composite = 0,

    /// <summary>The original image with the painted holes tinted magenta.</summary>
    InputWithMask = 1,

    /// <summary>The model's raw reconstruction inside the tiles processed this frame (black elsewhere).</summary>
    Reconstruction = 2,

    /// <summary>Per-pixel error of the fill against the original image, as a heat map inside the holes.</summary>
    Error = 3,

    /// <summary>The composite dimmed, holes tinted, with the tile grid and the tiles the runtime processed highlighted.</summary>
    TileGrid = 4,
}
