namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// An integer point moving by a fixed velocity per frame inside a box, reflected at its edges like a ball: the moving
/// occluders' centres and the pan's window corner. Integer steps keep the synthetic sequences exact (a pan's frames
/// are plain crops, no resampling, so its motion vectors map frame t to frame t-1 exactly).
/// </summary>
internal sealed class BouncingPoint
{
    private readonly int _minX, _maxX, _minY, _maxY;

    /// <summary>A point at (<paramref name="x"/>, <paramref name="y"/>) moving by (<paramref name="vx"/>, <paramref name="vy"/>) per step inside [minX, maxX] x [minY, maxY].</summary>
    public BouncingPoint(int x, int y, int vx, int vy, int minX, int maxX, int minY, int maxY)
    {
        if (minX > maxX || minY > maxY || x < minX || x > maxX || y < minY || y > maxY)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"Point ({x}, {y}) and box [{minX}, {maxX}] x [{minY}, {maxY}]: the point must lie in a non-empty box.");
        }

        X = x;
        Y = y;
        Vx = vx;
        Vy = vy;
        (_minX, _maxX, _minY, _maxY) = (minX, maxX, minY, maxY);
    }

    /// <summary>Current x.</summary>
    public int X { get; private set; }

    /// <summary>Current y.</summary>
    public int Y { get; private set; }

    /// <summary>Current x velocity (its sign flips at a bounce).</summary>
    public int Vx { get; private set; }

    /// <summary>Current y velocity.</summary>
    public int Vy { get; private set; }

    /// <summary>Moves one step, reflecting off the box's edges (a box narrower than a step pins the point to it).</summary>
    public void Step()
    {
        (X, int vx) = Move(X, Vx, _minX, _maxX);
        (Y, int vy) = Move(Y, Vy, _minY, _maxY);
        Vx = vx;
        Vy = vy;
    }

    private static (int Position, int Velocity) Move(int p, int v, int min, int max)
    {
        p += v;
        if (p < min)
        {
            (p, v) = ((2 * min) - p, -v);
        }
        else if (p > max)
        {
            (p, v) = ((2 * max) - p, -v);
        }

        return (Math.Clamp(p, min, max), v);
    }
}
