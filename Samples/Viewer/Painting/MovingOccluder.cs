namespace MaeRealtime.Viewer.Painting;

/// <summary>
/// The M key's moving occluder: a disc that crosses the image a few pixels a frame and bounces off its edges, its
/// footprint made holes on top of the painted ones (<see cref="HoleCanvas.SetDisc"/>). Its path is deterministic,
/// so scripted runs repeat.
/// </summary>
internal sealed class MovingOccluder
{
    private readonly int _width, _height;
    private double _x, _y, _vx, _vy;

    public MovingOccluder(int width, int height)
    {
        _width = width;
        _height = height;
        Radius = Math.Max(4, 0.09 * Math.Min(width, height));
        double speed = Math.Clamp(0.008 * Math.Max(width, height), 2, 8); // a few pixels a frame
        (_vx, _vy) = (speed, 0.6 * speed);
        (_x, _y) = (0.3 * width, 0.4 * height);
    }

    public double Radius { get; }

    /// <summary>The disc now (frame pixels).</summary>
    public (double X, double Y, double Radius) Disc => (_x, _y, Radius);

    /// <summary>Moves one frame on, bouncing off the image's edges.</summary>
    public void Step()
    {
        _x += _vx;
        _y += _vy;
        if (_x < Radius || _x > _width - Radius)
        {
            _vx = -_vx;
            _x = Math.Clamp(_x, Radius, Math.Max(Radius, _width - Radius));
        }

        if (_y < Radius || _y > _height - Radius)
        {
            _vy = -_vy;
            _y = Math.Clamp(_y, Radius, Math.Max(Radius, _height - Radius));
        }
    }
}
