namespace MaeRealtime.Training.Masks;

/// <summary>
/// Axis-aligned rectangles (removed HUD elements, missing tiles, the "box" masks of inpainting benchmarks): each
/// side 10-50 % of the mask, 1 to a few boxes, 8-40 % holes.
/// </summary>
public sealed class BoxMaskGenerator : RatioTargetedMaskGenerator
{
    private BoxMaskGenerator()
        : base("box", new HoleRatioRange(0.08, 0.40))
    {
    }

    /// <summary>The box family.</summary>
    public static BoxMaskGenerator Instance { get; } = new();

    internal override void DrawShape(Random rng, HoleMaskCanvas canvas, double scale)
    {
        int size = canvas.Size;
        double w = Uniform(rng, 0.10, 0.50) * size, h = Uniform(rng, 0.10, 0.50) * size;
        double x = Uniform(rng, 0, size - w), y = Uniform(rng, 0, size - h);
        canvas.FillRectangle(x, y, x + w, y + h);
    }
}
