namespace MaeRealtime.Training.Masks;

/// <summary>
/// A family of hole masks (brush strokes, boxes, object silhouettes, disocclusion strips), shared by the
/// inpainting fine-tune and the evaluation so both see the same shapes.
/// </summary>
public interface IHoleMaskGenerator
{
    /// <summary>The family's registry name (see <see cref="HoleMaskGenerators"/>), e.g. "thin" or "box".</summary>
    string Family { get; }

    /// <summary>
    /// A square mask of <paramref name="size"/> x <paramref name="size"/> pixels, row-major, 1 = hole, 0 = known.
    /// Draws only from <paramref name="rng"/>, so <c>Generate(new Random(seed), size)</c> is the same mask for the
    /// same seed and size on every run.
    /// </summary>
    float[] Generate(Random rng, int size);
}
