namespace MaeRealtime.Training.Eval;

/// <summary>One square crop to evaluate on: <paramref name="Id"/> names its source (stable across runs; it seeds the masks).</summary>
/// <param name="Id">The source image's identity, e.g. its path relative to the image folder.</param>
/// <param name="Size">Side length in pixels.</param>
/// <param name="Pixels">Size * Size * 3 floats, RGB interleaved, in [0, 1].</param>
public sealed record EvalImage(string Id, int Size, float[] Pixels);
