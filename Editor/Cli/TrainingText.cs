using System.Globalization;
using MaeRealtime.Training.Trainer;

namespace MaeRealtime.Editor.Cli;

/// <summary>How training numbers read in the terminal, shared by the plain and the live display.</summary>
internal static class TrainingText
{
    public static string ProgressLine(TrainingProgress p) => string.Create(
        CultureInfo.InvariantCulture,
        $"step {p.Step}/{p.TotalSteps}  loss {p.Loss:F4}  lr {p.LearningRate:0.000e+0}  {p.SamplesPerSecond:F1} samples/s  elapsed {Duration(p.Elapsed)}  eta {Duration(p.Eta)}  data wait {p.DataWaitFraction * 100:F0}%");

    /// <summary>A short form for the live bar, which shares an 80-column line with the bar itself.</summary>
    public static string CompactLine(TrainingProgress p) => string.Create(
        CultureInfo.InvariantCulture,
        $"{p.Step}/{p.TotalSteps} loss {p.Loss:F4} lr {p.LearningRate:0.0e+0} {p.SamplesPerSecond:F1}/s eta {Duration(p.Eta)}{(p.DataWaitFraction > TrainingLoop.DataWaitWarningFraction ? $" data wait {p.DataWaitFraction * 100:F0}%" : string.Empty)}");

    public static string Duration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}" : $"{t.Minutes:00}:{t.Seconds:00}";
}
