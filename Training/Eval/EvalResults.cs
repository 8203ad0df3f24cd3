namespace MaeRealtime.Training.Eval;

/// <summary>What an eval run measured: mean scores per method and mask family, per method and hole-ratio bin, and per method overall.</summary>
/// <param name="Methods">The methods in report order.</param>
/// <param name="Families">The mask families in report order.</param>
/// <param name="ByFamily">One row per (method, family).</param>
/// <param name="ByBin">One row per (method, hole-ratio bin) that holds at least one sample.</param>
/// <param name="Overall">One row per method over every sample (group "all").</param>
/// <param name="Images">Crops evaluated.</param>
/// <param name="Samples">Scored samples (crop x mask).</param>
/// <param name="SkippedEmptyMasks">Generated masks without a hole pixel, which have nothing to score.</param>
public sealed record EvalResults(
    IReadOnlyList<IInpaintBaseline> Methods,
    IReadOnlyList<string> Families,
    IReadOnlyList<EvalRow> ByFamily,
    IReadOnlyList<EvalRow> ByBin,
    IReadOnlyList<EvalRow> Overall,
    int Images,
    int Samples,
    int SkippedEmptyMasks);
