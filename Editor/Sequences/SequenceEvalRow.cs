namespace MaeRealtime.Editor.Sequences;

/// <summary>One method's scores on one kind of sequence.</summary>
/// <param name="Kind">"static", "pan" or "folder".</param>
/// <param name="Method">The method's short name.</param>
/// <param name="DisplayName">The method's name for tables.</param>
/// <param name="Score">The pooled scores.</param>
internal sealed record SequenceEvalRow(string Kind, string Method, string DisplayName, SequenceScore Score);
