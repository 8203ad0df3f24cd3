using MaeRealtime.Editor.Cli;
using MaeRealtime.Runtime.Frames;

namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// The engine inputs of <c>mae inpaint --sequence</c> as given on the command line: folders of per-frame PFMs and their
/// conventions. <see cref="Flags"/> checks the combination: a convention without its folder is an error, not ignored.
/// </summary>
internal sealed record SequenceInpaintGuides(string? MotionDir, string? DepthDir, string? DepthConvention, string? MotionSign)
{
    /// <summary>Whether any of the options was given.</summary>
    public bool AnyGiven => MotionDir is not null || DepthDir is not null || DepthConvention is not null || MotionSign is not null;

    /// <summary>The runtime flags the conventions mean (no camera cut); throws <see cref="CliException"/> for a bad name or a convention without its folder.</summary>
    public FrameFlags Flags()
    {
        if (DepthConvention is not null && DepthDir is null)
        {
            throw new CliException("--depth-convention needs --depth-dir (the depth files it describes).");
        }

        if (MotionSign is not null && MotionDir is null)
        {
            throw new CliException("--motion-sign needs --motion-dir (the motion files it describes).");
        }

        var depth = DepthDir is null ? SequenceDepth.None : SequenceConventions.ParseDepth(DepthConvention ?? "standard", "--depth-convention");
        if (depth == SequenceDepth.None && DepthDir is not null)
        {
            throw new CliException("--depth-convention none contradicts --depth-dir; give standard, reversed or linear.");
        }

        var motion = MotionDir is null ? SequenceMotion.None : SequenceConventions.ParseMotion(MotionSign ?? "to-previous", "--motion-sign");
        if (motion == SequenceMotion.None && MotionDir is not null)
        {
            throw new CliException("--motion-sign none contradicts --motion-dir; give to-previous or to-current.");
        }

        return SequenceConventions.Flags(depth, motion);
    }
}
