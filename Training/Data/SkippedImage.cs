namespace MaeRealtime.Training.Data;

/// <summary>An image file the dataset could not use, with the reason.</summary>
/// <param name="Path">The file.</param>
/// <param name="Reason">Why it was skipped (one line).</param>
public sealed record SkippedImage(string Path, string Reason);
