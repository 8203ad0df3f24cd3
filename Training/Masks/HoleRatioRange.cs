namespace MaeRealtime.Training.Masks;

/// <summary>The fraction of hole pixels a generator's masks always fall in (inclusive).</summary>
/// <param name="Min">Smallest hole ratio.</param>
/// <param name="Max">Largest hole ratio.</param>
public readonly record struct HoleRatioRange(double Min, double Max)
{
    /// <summary>Whether <paramref name="ratio"/> lies in the range.</summary>
    public bool Contains(double ratio) => ratio >= Min && ratio <= Max;

    /// <inheritdoc />
    public override string ToString() => $"[{Min:0.###}, {Max:0.###}]";
}
