using MaeRealtime.Editor.Cli;
using MaeRealtime.Runtime.Frames;

namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// The names of the depth and motion conventions as sequence.json and the command line spell them, and the
/// <see cref="FrameFlags"/> each one means to the runtime (docs/SEQUENCES.md).
/// </summary>
internal static class SequenceConventions
{
    /// <summary>Valid depth names.</summary>
    public static IReadOnlyList<string> DepthNames { get; } = ["none", "standard", "reversed", "linear"];

    /// <summary>Valid motion names.</summary>
    public static IReadOnlyList<string> MotionNames { get; } = ["none", "to-previous", "to-current"];

    /// <summary>The depth called <paramref name="name"/>; <paramref name="where"/> names the field or option in the error.</summary>
    public static SequenceDepth ParseDepth(string? name, string where) => name switch
    {
        "none" => SequenceDepth.None,
        "standard" => SequenceDepth.Standard,
        "reversed" => SequenceDepth.Reversed,
        "linear" => SequenceDepth.Linear,
        _ => throw new CliException($"{where}: expected one of {string.Join(", ", DepthNames)}; found {Show(name)}."),
    };

    /// <summary>The motion called <paramref name="name"/>; <paramref name="where"/> names the field or option in the error.</summary>
    public static SequenceMotion ParseMotion(string? name, string where) => name switch
    {
        "none" => SequenceMotion.None,
        "to-previous" => SequenceMotion.ToPrevious,
        "to-current" => SequenceMotion.ToCurrent,
        _ => throw new CliException($"{where}: expected one of {string.Join(", ", MotionNames)}; found {Show(name)}."),
    };

    /// <summary>The runtime flags of a depth and motion convention (no camera cut).</summary>
    public static FrameFlags Flags(SequenceDepth depth, SequenceMotion motion) =>
        (depth switch
        {
            SequenceDepth.Reversed => FrameFlags.ReversedDepth,
            SequenceDepth.Linear => FrameFlags.LinearDepth,
            _ => FrameFlags.None,
        }) | (motion == SequenceMotion.ToCurrent ? FrameFlags.MotionTowardsCurrent : FrameFlags.None);

    /// <summary>The name sequence.json uses for <paramref name="depth"/>.</summary>
    public static string Name(SequenceDepth depth) => DepthNames[(int)depth];

    /// <summary>The name sequence.json uses for <paramref name="motion"/>.</summary>
    public static string Name(SequenceMotion motion) => MotionNames[(int)motion];

    private static string Show(string? name) => name is null ? "nothing" : $"'{name}'";
}
