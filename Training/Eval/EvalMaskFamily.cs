namespace MaeRealtime.Training.Eval;

/// <summary>
/// A named hole-mask generator as the eval uses it: <paramref name="Generate"/>(rng, size) returns
/// size * size floats, 1 = hole. Kept as a delegate so any generator (the training mask generators,
/// or a test's fixed mask) plugs in without the eval depending on how it is built.
/// </summary>
/// <param name="Family">The family name reported in results ("thin", "box", ...).</param>
/// <param name="Generate">Draws one mask from the given random source.</param>
public sealed record EvalMaskFamily(string Family, Func<Random, int, float[]> Generate);
