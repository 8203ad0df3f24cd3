using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Cli;

/// <summary>The command-line spellings of <see cref="HoleFill"/>, shared by <c>mae export</c> and <c>mae convert</c>.</summary>
internal static class HoleFillNames
{
    /// <summary>Every accepted spelling ("residual" is <c>mae convert</c>'s older short form of residual-pushpull).</summary>
    public static readonly IReadOnlyList<string> All = ["prediction", "residual-pushpull", "residual-pushpull-blend", "residual"];

    /// <summary>What <c>--fill</c> help lists.</summary>
    public const string Help =
        "prediction (the decoder's output), residual-pushpull (prediction + push-pull spread of its error on the known pixels " +
        "of the patches a hole touches) or residual-pushpull-blend (that, averaged half and half with a push-pull " +
        "interpolation of the known pixels: the best measured fill)";

    /// <summary>The fill <paramref name="name"/> names; null for null; a <see cref="CliException"/> naming the valid ones otherwise.</summary>
    public static HoleFill? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "prediction" => HoleFill.Prediction,
        "residual" or "residual-pushpull" => HoleFill.ResidualPushPull,
        "residual-pushpull-blend" => HoleFill.ResidualPushPullBlend,
        _ => throw new CliException($"--fill {name}: expected prediction, residual-pushpull or residual-pushpull-blend."),
    };
}
