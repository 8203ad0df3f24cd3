namespace MaeRealtime.Training.Eval;

/// <summary>One scored sample: a crop, one generated mask, and every method's fill.</summary>
/// <param name="Image">The crop.</param>
/// <param name="Family">The mask family.</param>
/// <param name="Index">Which mask of this family for this image (0 .. per-image - 1).</param>
/// <param name="Holes">Size * Size floats, 1 = hole.</param>
/// <param name="HoleRatio">Fraction of the crop's pixels that are holes.</param>
/// <param name="Fills">One entry per method, in method order.</param>
public sealed record EvalSample(EvalImage Image, string Family, int Index, float[] Holes, double HoleRatio, IReadOnlyList<EvalFill> Fills);
