namespace MaeRealtime.Editor.Frames;

/// <summary>Shapes <see cref="FrameHoles"/> draws.</summary>
internal enum FrameHoleShape
{
    /// <summary>Round blobs with a wobbly outline (disocclusions, removed objects).</summary>
    Blob,

    /// <summary>Round-brush polylines (scratches, thin occluders).</summary>
    Stroke,

    /// <summary>Axis-aligned rectangles (UI, boxes, missing blocks).</summary>
    Box,
}

/// <summary>
/// Deterministic hole masks for whole frames: shapes of several sizes (small, medium, large: a few pixels up to most of
/// a 128-pixel model tile, independent of the frame's size) at seeded places, drawn until exactly
/// round(fraction x pixels) pixels are holes (the last shape is cut short to hit the count). Same seed and size,
/// same mask.
/// </summary>
internal static class FrameHoles
{
    /// <summary>All shapes, the bench's mix.</summary>
    public static IReadOnlyList<FrameHoleShape> AllShapes { get; } = [FrameHoleShape.Blob, FrameHoleShape.Stroke, FrameHoleShape.Box];

    /// <summary>
    /// A <paramref name="width"/> x <paramref name="height"/> mask (one byte per pixel, 255 = hole) with
    /// round(<paramref name="fraction"/> x width x height) hole pixels drawn from <paramref name="shapes"/>.
    /// </summary>
    public static byte[] Generate(int width, int height, double fraction, int seed, IReadOnlyList<FrameHoleShape> shapes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (fraction is < 0 or > 1 || double.IsNaN(fraction))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "expected a fraction in [0, 1].");
        }

        if (shapes.Count == 0)
        {
            throw new ArgumentException("Need at least one shape.", nameof(shapes));
        }

        var mask = new byte[width * height];
        long target = (long)Math.Round(fraction * mask.Length, MidpointRounding.AwayFromZero);
        if (target >= mask.Length)
        {
            Array.Fill(mask, (byte)255);
            return mask;
        }

        var canvas = new Canvas(mask, width, height, target);
        var rng = new Random(seed);
        // Shapes never get larger than a quarter of the frame's shorter side, so small frames still get several.
        double limit = Math.Max(1.0, Math.Min(width, height) / 4.0);
        while (!canvas.Full)
        {
            var shape = shapes[rng.Next(shapes.Count)];
            double size = Math.Min(limit, SizeClass(rng));
            double cx = rng.NextDouble() * width, cy = rng.NextDouble() * height;
            switch (shape)
            {
                case FrameHoleShape.Blob:
                    Blob(canvas, rng, cx, cy, size);
                    break;
                case FrameHoleShape.Stroke:
                    Stroke(canvas, rng, cx, cy, size);
                    break;
                default:
                    Box(canvas, rng, cx, cy, size);
                    break;
            }
        }

        return mask;
    }

    /// <summary>A shape's characteristic size in pixels: small (3-10) half the time, medium (10-28) or large (28-56).</summary>
    private static double SizeClass(Random rng)
    {
        double u = rng.NextDouble();
        return u < 0.5 ? Uniform(rng, 3, 10) : u < 0.85 ? Uniform(rng, 10, 28) : Uniform(rng, 28, 56);
    }

    /// <summary>A disc of radius about <paramref name="r"/> whose outline wobbles by up to a third.</summary>
    private static void Blob(Canvas canvas, Random rng, double cx, double cy, double r)
    {
        double a1 = Uniform(rng, 0, 0.2), a2 = Uniform(rng, 0, 0.12), p1 = Uniform(rng, 0, 2 * Math.PI), p2 = Uniform(rng, 0, 2 * Math.PI);
        int k1 = 2 + rng.Next(3), k2 = 4 + rng.Next(4);
        double reach = r * (1 + a1 + a2);
        for (int y = (int)Math.Floor(cy - reach); y <= (int)Math.Ceiling(cy + reach) && !canvas.Full; y++)
        {
            for (int x = (int)Math.Floor(cx - reach); x <= (int)Math.Ceiling(cx + reach); x++)
            {
                double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                double theta = Math.Atan2(dy, dx);
                double edge = r * (1 + (a1 * Math.Sin((k1 * theta) + p1)) + (a2 * Math.Sin((k2 * theta) + p2)));
                if ((dx * dx) + (dy * dy) <= edge * edge)
                {
                    canvas.Set(x, y);
                }
            }
        }
    }

    /// <summary>A polyline of 1-4 segments drawn with a round brush of width about <paramref name="size"/> / 2.</summary>
    private static void Stroke(Canvas canvas, Random rng, double x, double y, double size)
    {
        double radius = Math.Max(0.75, size / 4);
        double heading = Uniform(rng, 0, 2 * Math.PI);
        int segments = 1 + rng.Next(4);
        for (int s = 0; s < segments && !canvas.Full; s++)
        {
            heading += Uniform(rng, -1.2, 1.2);
            double length = Uniform(rng, 2, 6) * size;
            double nx = x + (length * Math.Cos(heading)), ny = y + (length * Math.Sin(heading));
            Segment(canvas, x, y, nx, ny, radius);
            x = nx;
            y = ny;
        }
    }

    /// <summary>A rectangle with sides between half and twice <paramref name="size"/>.</summary>
    private static void Box(Canvas canvas, Random rng, double cx, double cy, double size)
    {
        double w = size * Uniform(rng, 0.5, 2), h = size * Uniform(rng, 0.5, 2);
        int x0 = (int)Math.Round(cx - (w / 2)), y0 = (int)Math.Round(cy - (h / 2));
        int x1 = x0 + Math.Max(1, (int)Math.Round(w)), y1 = y0 + Math.Max(1, (int)Math.Round(h));
        for (int y = y0; y < y1 && !canvas.Full; y++)
        {
            for (int x = x0; x < x1; x++)
            {
                canvas.Set(x, y);
            }
        }
    }

    private static void Segment(Canvas canvas, double x0, double y0, double x1, double y1, double radius)
    {
        int minX = (int)Math.Floor(Math.Min(x0, x1) - radius), maxX = (int)Math.Ceiling(Math.Max(x0, x1) + radius);
        int minY = (int)Math.Floor(Math.Min(y0, y1) - radius), maxY = (int)Math.Ceiling(Math.Max(y0, y1) + radius);
        double dx = x1 - x0, dy = y1 - y0, lengthSq = (dx * dx) + (dy * dy), r2 = radius * radius;
        for (int y = minY; y <= maxY && !canvas.Full; y++)
        {
            double py = y + 0.5;
            for (int x = minX; x <= maxX; x++)
            {
                double px = x + 0.5;
                double t = lengthSq > 0 ? Math.Clamp((((px - x0) * dx) + ((py - y0) * dy)) / lengthSq, 0, 1) : 0;
                double ex = px - (x0 + (t * dx)), ey = py - (y0 + (t * dy));
                if ((ex * ex) + (ey * ey) <= r2)
                {
                    canvas.Set(x, y);
                }
            }
        }
    }

    private static double Uniform(Random rng, double min, double max) => min + ((max - min) * rng.NextDouble());

    /// <summary>The mask being drawn: ignores pixels outside the frame and stops at the target count.</summary>
    private sealed class Canvas(byte[] mask, int width, int height, long target)
    {
        private long _holes;

        public bool Full => _holes >= target;

        public void Set(int x, int y)
        {
            if ((uint)x >= (uint)width || (uint)y >= (uint)height || _holes >= target)
            {
                return;
            }

            int i = (y * width) + x;
            if (mask[i] == 0)
            {
                mask[i] = 255;
                _holes++;
            }
        }
    }
}
