namespace MaeRealtime.Training.Masks;

/// <summary>
/// A square 0/1 raster that shapes are drawn into, sampled at pixel centres (x + 0.5, y + 0.5). It counts hole
/// pixels as it goes and journals the pixels one shape sets, so a shape that would push the hole ratio past a
/// family's maximum can be taken back (<see cref="Revert"/>) instead of redrawing the whole mask.
/// </summary>
internal sealed class HoleMaskCanvas
{
    private readonly List<int> _journal = [];

    public HoleMaskCanvas(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
        Pixels = new float[size * size];
    }

    public int Size { get; }

    /// <summary>Row-major, 1 = hole.</summary>
    public float[] Pixels { get; }

    public int HoleCount { get; private set; }

    public double HoleRatio => (double)HoleCount / Pixels.Length;

    /// <summary>Accepts the pixels drawn since the last commit or revert.</summary>
    public void Commit() => _journal.Clear();

    /// <summary>Clears the pixels drawn since the last commit or revert.</summary>
    public void Revert()
    {
        foreach (int i in _journal)
        {
            Pixels[i] = 0f;
        }

        HoleCount -= _journal.Count;
        _journal.Clear();
    }

    /// <summary>Whether pixel (x, y) is a hole.</summary>
    public bool IsHole(int x, int y) => Pixels[(y * Size) + x] != 0f;

    /// <summary>Marks pixel (x, y) as a hole (ignored outside the canvas).</summary>
    public void Set(int x, int y)
    {
        if ((uint)x >= (uint)Size || (uint)y >= (uint)Size)
        {
            return;
        }

        int i = (y * Size) + x;
        if (Pixels[i] == 0f)
        {
            Pixels[i] = 1f;
            HoleCount++;
            _journal.Add(i);
        }
    }

    /// <summary>A round-brush segment: every pixel whose centre lies within <paramref name="radius"/> of the segment.</summary>
    public void StrokeSegment(double x0, double y0, double x1, double y1, double radius)
    {
        int minX = (int)Math.Floor(Math.Min(x0, x1) - radius), maxX = (int)Math.Ceiling(Math.Max(x0, x1) + radius);
        int minY = (int)Math.Floor(Math.Min(y0, y1) - radius), maxY = (int)Math.Ceiling(Math.Max(y0, y1) + radius);
        minX = Math.Max(minX, 0);
        minY = Math.Max(minY, 0);
        maxX = Math.Min(maxX, Size - 1);
        maxY = Math.Min(maxY, Size - 1);
        double dx = x1 - x0, dy = y1 - y0, lengthSq = (dx * dx) + (dy * dy), r2 = radius * radius;
        for (int y = minY; y <= maxY; y++)
        {
            double py = y + 0.5;
            for (int x = minX; x <= maxX; x++)
            {
                double px = x + 0.5;
                double t = lengthSq > 0 ? Math.Clamp((((px - x0) * dx) + ((py - y0) * dy)) / lengthSq, 0, 1) : 0;
                double ex = px - (x0 + (t * dx)), ey = py - (y0 + (t * dy));
                if ((ex * ex) + (ey * ey) <= r2)
                {
                    Set(x, y);
                }
            }
        }
    }

    /// <summary>Pixels whose centre lies in [x0, x1) x [y0, y1).</summary>
    public void FillRectangle(double x0, double y0, double x1, double y1)
    {
        int ax = Math.Max(0, (int)Math.Ceiling(x0 - 0.5)), bx = Math.Min(Size - 1, (int)Math.Ceiling(x1 - 0.5) - 1);
        int ay = Math.Max(0, (int)Math.Ceiling(y0 - 0.5)), by = Math.Min(Size - 1, (int)Math.Ceiling(y1 - 0.5) - 1);
        for (int y = ay; y <= by; y++)
        {
            for (int x = ax; x <= bx; x++)
            {
                Set(x, y);
            }
        }
    }

    /// <summary>
    /// Pixels whose centre is inside <paramref name="polygon"/> (even-odd rule), skipping those where
    /// <paramref name="exclude"/> says so (e.g. the pixels a foreground object still covers).
    /// </summary>
    public void FillPolygon(IReadOnlyList<(double X, double Y)> polygon, Func<int, int, bool>? exclude = null)
    {
        foreach (var (y, x) in PolygonPixels(polygon, Size))
        {
            if (exclude is null || !exclude(x, y))
            {
                Set(x, y);
            }
        }
    }

    /// <summary>The (y, x) pixels whose centre is inside the polygon (even-odd rule), row by row.</summary>
    public static IEnumerable<(int Y, int X)> PolygonPixels(IReadOnlyList<(double X, double Y)> polygon, int size)
    {
        if (polygon.Count < 3)
        {
            yield break;
        }

        double minY = polygon.Min(p => p.Y), maxY = polygon.Max(p => p.Y);
        int y0 = Math.Max(0, (int)Math.Floor(minY)), y1 = Math.Min(size - 1, (int)Math.Ceiling(maxY));
        var crossings = new List<double>();
        for (int y = y0; y <= y1; y++)
        {
            double py = y + 0.5;
            crossings.Clear();
            for (int i = 0, j = polygon.Count - 1; i < polygon.Count; j = i++)
            {
                var (ax, ay) = polygon[j];
                var (bx, by) = polygon[i];
                // Half-open in y so a vertex exactly on the scanline counts once.
                if ((ay <= py && by > py) || (by <= py && ay > py))
                {
                    crossings.Add(ax + ((py - ay) / (by - ay) * (bx - ax)));
                }
            }

            crossings.Sort();
            for (int k = 0; k + 1 < crossings.Count; k += 2)
            {
                int from = Math.Max(0, (int)Math.Ceiling(crossings[k] - 0.5));
                int to = Math.Min(size - 1, (int)Math.Ceiling(crossings[k + 1] - 0.5) - 1);
                for (int x = from; x <= to; x++)
                {
                    yield return (y, x);
                }
            }
        }
    }
}
