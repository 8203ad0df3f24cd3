namespace MaeRealtime.Training.Masks;

/// <summary>
/// Shared drawing loop of the hole-mask families: pick a target hole ratio uniformly in the family's range, then
/// add shapes until the mask reaches it. A shape that would push the ratio past the maximum is taken back and
/// another one is tried, so every mask lands inside <see cref="RatioRange"/> (tests check this over many seeds)
/// while the shapes themselves stay untouched, never clipped.
/// </summary>
public abstract class RatioTargetedMaskGenerator : IHoleMaskGenerator
{
    // Enough to reach the largest targets with the smallest shapes (thin strokes at 1 px) on big masks.
    private const int MaxShapes = 2000;

    // After this many shapes in a row overshoot the maximum, the mask is as full as this family gets.
    private const int MaxRejectsInARow = 64;

    /// <summary>Creates a family with its name and hole-ratio range.</summary>
    protected RatioTargetedMaskGenerator(string family, HoleRatioRange ratioRange)
    {
        if (!(ratioRange.Min > 0 && ratioRange.Min <= ratioRange.Max && ratioRange.Max < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ratioRange), ratioRange, "expected 0 < min <= max < 1.");
        }

        Family = family;
        RatioRange = ratioRange;
    }

    /// <inheritdoc />
    public string Family { get; }

    /// <summary>The hole ratio every mask of this family falls in.</summary>
    public HoleRatioRange RatioRange { get; }

    /// <inheritdoc />
    public float[] Generate(Random rng, int size)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 8);
        var canvas = new HoleMaskCanvas(size);
        double target = RatioRange.Min + ((RatioRange.Max - RatioRange.Min) * rng.NextDouble());
        int rejects = 0;
        for (int shape = 0; shape < MaxShapes && canvas.HoleRatio < target; shape++)
        {
            DrawShape(rng, canvas, size / 256.0);
            if (canvas.HoleRatio > RatioRange.Max)
            {
                canvas.Revert();
                if (++rejects >= MaxRejectsInARow)
                {
                    break;
                }
            }
            else
            {
                canvas.Commit();
                rejects = 0;
            }
        }

        return canvas.Pixels;
    }

    /// <summary>
    /// Draws one shape of the family. <paramref name="scale"/> is size / 256: the family's sizes are given at 256 px
    /// and scale with the mask.
    /// </summary>
    internal abstract void DrawShape(Random rng, HoleMaskCanvas canvas, double scale);

    /// <summary>Uniform in [min, max).</summary>
    internal static double Uniform(Random rng, double min, double max) => min + ((max - min) * rng.NextDouble());
}
