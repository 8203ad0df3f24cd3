namespace MaeRealtime.Training.Eval;

/// <summary>
/// The hole-ratio bins results are also reported by: 0-10%, 10-20%, 20-30%, 30-40% and 40%+ of the
/// crop's pixels, since difficulty grows with hole area regardless of the mask family.
/// </summary>
public static class HoleRatioBins
{
    /// <summary>Bin labels in order.</summary>
    public static IReadOnlyList<string> Labels { get; } = ["0-10%", "10-20%", "20-30%", "30-40%", "40%+"];

    /// <summary>The bin index of a hole ratio in [0, 1]: bin k holds [k/10, (k+1)/10), the last one everything from 40%.</summary>
    public static int IndexOf(double holeRatio) =>
        double.IsNaN(holeRatio) ? 0 : Math.Clamp((int)Math.Floor(holeRatio * 10), 0, Labels.Count - 1);

    /// <summary>The label of the bin of <paramref name="holeRatio"/>.</summary>
    public static string LabelOf(double holeRatio) => Labels[IndexOf(holeRatio)];
}
