namespace MaeRealtime.Training.Masks;

/// <summary>Random smooth closed outlines for the silhouette-based families.</summary>
internal static class Polygons
{
    /// <summary>
    /// A blob: a star-shaped polygon of 7-14 vertices at jittered angles and radii around (cx, cy), rounded by three
    /// rounds of Chaikin corner cutting so it reads as an object outline rather than a polygon.
    /// </summary>
    public static List<(double X, double Y)> Blob(Random rng, double cx, double cy, double radius)
    {
        int n = 7 + rng.Next(8);
        var points = new List<(double X, double Y)>(n);
        double start = RatioTargetedMaskGenerator.Uniform(rng, 0, 2 * Math.PI);
        for (int i = 0; i < n; i++)
        {
            double angle = start + ((i + RatioTargetedMaskGenerator.Uniform(rng, -0.3, 0.3)) * 2 * Math.PI / n);
            double r = radius * RatioTargetedMaskGenerator.Uniform(rng, 0.55, 1.15);
            points.Add((cx + (r * Math.Cos(angle)), cy + (r * Math.Sin(angle))));
        }

        for (int round = 0; round < 3; round++)
        {
            points = Chaikin(points);
        }

        return points;
    }

    /// <summary>One round of Chaikin corner cutting on a closed polygon (each edge becomes its 1/4 and 3/4 points).</summary>
    public static List<(double X, double Y)> Chaikin(List<(double X, double Y)> points)
    {
        var result = new List<(double X, double Y)>(points.Count * 2);
        for (int i = 0; i < points.Count; i++)
        {
            var (ax, ay) = points[i];
            var (bx, by) = points[(i + 1) % points.Count];
            result.Add(((0.75 * ax) + (0.25 * bx), (0.75 * ay) + (0.25 * by)));
            result.Add(((0.25 * ax) + (0.75 * bx), (0.25 * ay) + (0.75 * by)));
        }

        return result;
    }

    /// <summary><paramref name="points"/> moved by (dx, dy).</summary>
    public static List<(double X, double Y)> Translate(IEnumerable<(double X, double Y)> points, double dx, double dy) =>
        points.Select(p => (p.X + dx, p.Y + dy)).ToList();
}
