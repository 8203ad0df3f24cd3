using OpenCvSharp;

namespace MaeRealtime.Training.Eval;

/// <summary>The classic baselines by command-line name.</summary>
public static class InpaintBaselines
{
    /// <summary>Valid baseline names, in report order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["telea", "ns", "pushpull", "mean"];

    /// <summary>Creates the baseline called <paramref name="name"/> (case-insensitive); throws <see cref="ArgumentException"/> listing the valid names otherwise.</summary>
    public static IInpaintBaseline Create(string name) => name.Trim().ToLowerInvariant() switch
    {
        "telea" => new OpenCvInpaintBaseline(InpaintTypes.Telea),
        "ns" => new OpenCvInpaintBaseline(InpaintTypes.NS),
        "pushpull" => new PushPullBaseline(),
        "mean" => new MeanFillBaseline(),
        _ => throw new ArgumentException($"Unknown baseline '{name}'; valid: {string.Join(", ", Names)}."),
    };
}
