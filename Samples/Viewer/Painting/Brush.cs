namespace MaeRealtime.Viewer.Painting;

/// <summary>
/// The mouse brush: the left button paints holes, the right button erases them, the wheel scales the radius.
/// Consecutive cursor positions of a drag are joined by a stroke segment so fast moves leave no gaps.
/// </summary>
internal sealed class Brush
{
    public const double MinRadius = 2;
    public const double MaxRadius = 160;
    private const double WheelStep = 1.15;
    private (double X, double Y)? _last;

    /// <summary>Radius in frame pixels.</summary>
    public double Radius { get; private set; } = 12;

    /// <summary>Whether a drag paints (true), erases (false) or nothing is held (null).</summary>
    public bool? Painting { get; private set; }

    /// <summary>The cursor in frame pixels, when it is over the window.</summary>
    public (double X, double Y)? Cursor { get; private set; }

    /// <summary>Turns the wheel by <paramref name="steps"/> notches (positive: larger).</summary>
    public void Scroll(double steps) => Radius = Math.Clamp(Radius * Math.Pow(WheelStep, steps), MinRadius, MaxRadius);

    /// <summary>Presses (paint or erase) or releases the brush at the current cursor; a press stamps once.</summary>
    public void Press(bool paint, HoleCanvas canvas)
    {
        Painting = paint;
        _last = null;
        if (Cursor is { } c)
        {
            Drag(c, canvas);
        }
    }

    /// <summary>Releases the held button.</summary>
    public void Release()
    {
        Painting = null;
        _last = null;
    }

    /// <summary>Moves the cursor to <paramref name="position"/> (frame pixels), painting or erasing along the way while held.</summary>
    public void Move((double X, double Y) position, HoleCanvas canvas)
    {
        Cursor = position;
        if (Painting is not null)
        {
            Drag(position, canvas);
        }
    }

    /// <summary>The cursor left the window: no ring until it moves again (a held drag goes on; strokes clip to the frame).</summary>
    public void Leave() => Cursor = null;

    private void Drag((double X, double Y) to, HoleCanvas canvas)
    {
        var from = _last ?? to;
        canvas.Stroke(from.X, from.Y, to.X, to.Y, Radius, Painting == true);
        _last = to;
    }
}
