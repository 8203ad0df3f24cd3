namespace MaeRealtime.Viewer.Views;

/// <summary>
/// Where the frame sits in the window: scaled to fit, aspect kept, centred. Maps cursor positions back to frame
/// pixels for the brush.
/// </summary>
/// <param name="OriginX">Window pixel of the frame's left edge.</param>
/// <param name="OriginY">Window pixel of the frame's top edge.</param>
/// <param name="Scale">Window pixels per frame pixel.</param>
internal readonly record struct Letterbox(float OriginX, float OriginY, float Scale)
{
    /// <summary>Fits a <paramref name="frameWidth"/> x <paramref name="frameHeight"/> frame into a window of the given pixel size.</summary>
    public static Letterbox Fit(int frameWidth, int frameHeight, int windowWidth, int windowHeight)
    {
        float scale = Math.Min((float)windowWidth / frameWidth, (float)windowHeight / frameHeight);
        return new Letterbox((windowWidth - (frameWidth * scale)) / 2, (windowHeight - (frameHeight * scale)) / 2, scale);
    }

    /// <summary>The frame position under window pixel (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public (double X, double Y) ToFrame(double x, double y) => ((x - OriginX) / Scale, (y - OriginY) / Scale);
}
