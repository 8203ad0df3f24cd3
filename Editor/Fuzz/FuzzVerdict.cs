namespace MaeRealtime.Editor.Fuzz;

/// <summary>The outcome of one case and, for anything but a clean refusal or acceptance, why.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Detail">The refusal message, the exception, or the broken rule.</param>
public sealed record FuzzVerdict(FuzzOutcome Outcome, string Detail);
