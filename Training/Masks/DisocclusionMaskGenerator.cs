namespace MaeRealtime.Training.Masks;

/// <summary>
/// Disocclusion holes as reprojection leaves them: thin strips of newly revealed background that hug one side of a
/// curved depth edge, their width following the parallax. Two shapes: the crescent an object leaves behind when it
/// moves by 1.5-8 % of the frame (its old silhouette minus its new one, so the object itself stays known), and a
/// band of varying width along a long curved edge crossing the frame (a hill or wall silhouette). 2-25 % holes.
/// </summary>
public sealed class DisocclusionMaskGenerator : RatioTargetedMaskGenerator
{
    private DisocclusionMaskGenerator()
        : base("disocclusion", new HoleRatioRange(0.02, 0.25))
    {
    }

    /// <summary>The disocclusion family.</summary>
    public static DisocclusionMaskGenerator Instance { get; } = new();

    internal override void DrawShape(Random rng, HoleMaskCanvas canvas, double scale)
    {
        if (rng.NextDouble() < 0.6)
        {
            DrawCrescent(rng, canvas);
        }
        else
        {
            DrawEdgeBand(rng, canvas);
        }
    }

    private static void DrawCrescent(Random rng, HoleMaskCanvas canvas)
    {
        int size = canvas.Size;
        double radius = Uniform(rng, 0.10, 0.35) * size;
        double cx = Uniform(rng, 0.1, 0.9) * size, cy = Uniform(rng, 0.1, 0.9) * size;
        var now = Polygons.Blob(rng, cx, cy, radius);
        double shift = Math.Max(1.5, Uniform(rng, 0.015, 0.08) * size), direction = Uniform(rng, 0, 2 * Math.PI);
        var before = Polygons.Translate(now, shift * Math.Cos(direction), shift * Math.Sin(direction));

        var covered = new bool[size * size];
        foreach (var (y, x) in HoleMaskCanvas.PolygonPixels(now, size))
        {
            covered[(y * size) + x] = true;
        }

        canvas.FillPolygon(before, (x, y) => covered[(y * size) + x]);
    }

    private static void DrawEdgeBand(Random rng, HoleMaskCanvas canvas)
    {
        int size = canvas.Size;
        double angle = Uniform(rng, 0, Math.PI);
        double ux = Math.Cos(angle), uy = Math.Sin(angle);       // along the edge
        double nx = -uy, ny = ux;                                 // across it, the side the strip opens to
        double ox = Uniform(rng, 0.2, 0.8) * size, oy = Uniform(rng, 0.2, 0.8) * size;
        double amplitude = Uniform(rng, 0.03, 0.15) * size, frequency = Uniform(rng, 0.5, 2.0), phase = Uniform(rng, 0, 2 * Math.PI);
        double maxWidth = Math.Max(1.5, Uniform(rng, 0.015, 0.07) * size);
        double widthFrequency = Uniform(rng, 0.5, 1.5), widthPhase = Uniform(rng, 0, 2 * Math.PI);

        // The edge runs 1.5 frame sizes so it crosses the whole mask whatever its origin and angle.
        const int Steps = 96;
        var edge = new List<(double X, double Y)>(Steps + 1);
        var offset = new List<(double X, double Y)>(Steps + 1);
        for (int i = 0; i <= Steps; i++)
        {
            double t = ((double)i / Steps) - 0.5;                 // [-0.5, 0.5]
            double along = t * 1.5 * size;
            double bend = amplitude * Math.Sin((2 * Math.PI * frequency * t) + phase);
            double px = ox + (along * ux) + (bend * nx), py = oy + (along * uy) + (bend * ny);
            double width = maxWidth * (0.35 + (0.65 * (0.5 + (0.5 * Math.Sin((2 * Math.PI * widthFrequency * t) + widthPhase)))));
            edge.Add((px, py));
            offset.Add((px + (width * nx), py + (width * ny)));
        }

        offset.Reverse();
        edge.AddRange(offset);
        canvas.FillPolygon(edge);
    }
}
