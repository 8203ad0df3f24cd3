namespace MaeRealtime.Training.Masks;

/// <summary>
/// LaMa-style free-form brush strokes: random polylines (a few segments, each turning by a random angle) painted
/// with a round brush of one width per stroke. Three families differ in brush width (at 256 px: thin 1-8, medium
/// 8-20, thick 20-40 px) and hole-ratio range; widths and lengths scale with the mask size.
/// </summary>
public sealed class BrushStrokeMaskGenerator : RatioTargetedMaskGenerator
{
    private readonly double _minWidth;
    private readonly double _maxWidth;

    private BrushStrokeMaskGenerator(string family, double minWidth, double maxWidth, HoleRatioRange range)
        : base(family, range)
    {
        _minWidth = minWidth;
        _maxWidth = maxWidth;
    }

    /// <summary>Brush 1-8 px at 256 px; 2-15 % holes.</summary>
    public static BrushStrokeMaskGenerator Thin { get; } = new("thin", 1, 8, new HoleRatioRange(0.02, 0.15));

    /// <summary>Brush 8-20 px at 256 px; 5-30 % holes.</summary>
    public static BrushStrokeMaskGenerator Medium { get; } = new("medium", 8, 20, new HoleRatioRange(0.05, 0.30));

    /// <summary>Brush 20-40 px at 256 px; 10-40 % holes.</summary>
    public static BrushStrokeMaskGenerator Thick { get; } = new("thick", 20, 40, new HoleRatioRange(0.10, 0.40));

    /// <summary>Smallest brush width in pixels at 256 px.</summary>
    public double MinWidthAt256 => _minWidth;

    /// <summary>Largest brush width in pixels at 256 px.</summary>
    public double MaxWidthAt256 => _maxWidth;

    internal override void DrawShape(Random rng, HoleMaskCanvas canvas, double scale)
    {
        int size = canvas.Size;
        // A brush never drops below one pixel, or thin strokes would vanish on small masks.
        double radius = Math.Max(1.0, Uniform(rng, _minWidth, _maxWidth) * scale) / 2;
        double x = Uniform(rng, 0, size), y = Uniform(rng, 0, size);
        double heading = Uniform(rng, 0, 2 * Math.PI);
        int segments = 1 + rng.Next(6);
        for (int s = 0; s < segments; s++)
        {
            heading += Uniform(rng, -1.2, 1.2);
            double length = Uniform(rng, 10, 60) * scale;
            double nx = Math.Clamp(x + (length * Math.Cos(heading)), 0, size);
            double ny = Math.Clamp(y + (length * Math.Sin(heading)), 0, size);
            canvas.StrokeSegment(x, y, nx, ny, radius);
            x = nx;
            y = ny;
        }
    }
}
