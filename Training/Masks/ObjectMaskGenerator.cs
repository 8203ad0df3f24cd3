namespace MaeRealtime.Training.Masks;

/// <summary>
/// Object silhouettes (an object removed from the frame): smoothed random blobs with radii of 8-30 % of the mask,
/// one or a few per mask, 5-40 % holes.
/// </summary>
public sealed class ObjectMaskGenerator : RatioTargetedMaskGenerator
{
    private ObjectMaskGenerator()
        : base("object", new HoleRatioRange(0.05, 0.40))
    {
    }

    /// <summary>The object-silhouette family.</summary>
    public static ObjectMaskGenerator Instance { get; } = new();

    internal override void DrawShape(Random rng, HoleMaskCanvas canvas, double scale)
    {
        int size = canvas.Size;
        double radius = Uniform(rng, 0.08, 0.30) * size;
        double cx = Uniform(rng, 0.1, 0.9) * size, cy = Uniform(rng, 0.1, 0.9) * size;
        canvas.FillPolygon(Polygons.Blob(rng, cx, cy, radius));
    }
}
