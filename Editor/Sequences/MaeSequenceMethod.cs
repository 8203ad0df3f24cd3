using MaeRealtime.Runtime.Frames;

namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// The model as a sequence method, through the product's frame pass (<see cref="ImageInpainter"/>), one inpainter per
/// method so each keeps its own history. <see cref="SequenceHistoryMode.History"/> leaves depth out even where the
/// sequence has it, so next to <see cref="SequenceHistoryMode.HistoryAndDepth"/> the gain of depth shows.
/// </summary>
internal sealed class MaeSequenceMethod : ISequenceMethod
{
    // The depth conventions mean nothing without depth; leaving them set would be harmless but misleading in a capture.
    private const FrameFlags DepthFlags = FrameFlags.ReversedDepth | FrameFlags.LinearDepth;
    private readonly ImageInpainter _inpainter;

    /// <summary>The method of <paramref name="mode"/> on <paramref name="inpainter"/> (built with History = true unless the mode is <see cref="SequenceHistoryMode.None"/>).</summary>
    public MaeSequenceMethod(ImageInpainter inpainter, SequenceHistoryMode mode)
    {
        ArgumentNullException.ThrowIfNull(inpainter);
        if (inpainter.Frames.Options.History != (mode != SequenceHistoryMode.None))
        {
            throw new ArgumentException($"A {mode} method needs an inpainter built with History = {mode != SequenceHistoryMode.None}.", nameof(inpainter));
        }

        _inpainter = inpainter;
        Mode = mode;
    }

    /// <summary>Which temporal inputs it uses.</summary>
    public SequenceHistoryMode Mode { get; }

    /// <inheritdoc />
    public string Name => Mode switch
    {
        SequenceHistoryMode.None => "mae",
        SequenceHistoryMode.History => "mae+history",
        _ => "mae+history+depth",
    };

    /// <inheritdoc />
    public string DisplayName => Mode switch
    {
        SequenceHistoryMode.None => "MAE (per frame)",
        SequenceHistoryMode.History => "MAE + history",
        _ => "MAE + history + depth",
    };

    /// <inheritdoc />
    public double LastGpuMilliseconds { get; private set; }

    /// <inheritdoc />
    public bool Applies(ISequenceSource source) => Mode != SequenceHistoryMode.HistoryAndDepth || source.HasDepth;

    /// <inheritdoc />
    public void Fill(SequenceFrame frame, int width, int height, byte[] output)
    {
        if (Mode == SequenceHistoryMode.None)
        {
            _inpainter.Inpaint(frame.Color, frame.Mask, width, height, output);
        }
        else
        {
            bool depth = Mode == SequenceHistoryMode.HistoryAndDepth && frame.Depth is not null;
            var guides = new ImageGuides
            {
                Motion = frame.Motion ?? [],
                Depth = depth ? frame.Depth : [],
                Flags = depth ? frame.Flags : frame.Flags & ~DepthFlags,
            };
            _inpainter.Inpaint(frame.Color, frame.Mask, width, height, output, guides);
        }

        LastGpuMilliseconds = _inpainter.Frames.LatestStats?.GpuMilliseconds ?? 0;
    }
}
