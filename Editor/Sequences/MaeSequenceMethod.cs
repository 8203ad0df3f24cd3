using MaeRealtime.Runtime.Frames;

namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// The model as a sequence method, through the product's frame pass (<see cref="ImageInpainter"/>), one inpainter per
/// method with history so each keeps its own (the per-frame modes may share one). <see cref="SequenceHistoryMode.History"/>
/// leaves depth out even where the sequence has it, so next to <see cref="SequenceHistoryMode.HistoryAndDepth"/> the gain
/// of depth shows; <see cref="SequenceHistoryMode.Depth"/> next to <see cref="SequenceHistoryMode.None"/> shows what depth
/// buys without history.
/// </summary>
internal sealed class MaeSequenceMethod : ISequenceMethod
{
    // The depth conventions mean nothing without depth; leaving them set would be harmless but misleading in a capture.
    private const FrameFlags DepthFlags = FrameFlags.ReversedDepth | FrameFlags.LinearDepth;
    private readonly ImageInpainter _inpainter;

    /// <summary>The method of <paramref name="mode"/> on <paramref name="inpainter"/> (built with History = true for the history modes, false for the others).</summary>
    public MaeSequenceMethod(ImageInpainter inpainter, SequenceHistoryMode mode)
    {
        ArgumentNullException.ThrowIfNull(inpainter);
        if (inpainter.Frames.Options.History != UsesHistory(mode))
        {
            throw new ArgumentException($"A {mode} method needs an inpainter built with History = {UsesHistory(mode)}.", nameof(inpainter));
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
        SequenceHistoryMode.Depth => "mae+depth",
        SequenceHistoryMode.History => "mae+history",
        _ => "mae+history+depth",
    };

    /// <inheritdoc />
    public string DisplayName => Mode switch
    {
        SequenceHistoryMode.None => "MAE (per frame)",
        SequenceHistoryMode.Depth => "MAE + depth (per frame)",
        SequenceHistoryMode.History => "MAE + history",
        _ => "MAE + history + depth",
    };

    /// <inheritdoc />
    public double LastGpuMilliseconds { get; private set; }

    /// <inheritdoc />
    public bool Applies(ISequenceSource source) => !UsesDepth(Mode) || source.HasDepth;

    /// <summary>Whether <paramref name="mode"/> keeps a history (its inpainter needs History = true).</summary>
    public static bool UsesHistory(SequenceHistoryMode mode) => mode is SequenceHistoryMode.History or SequenceHistoryMode.HistoryAndDepth;

    /// <summary>Whether <paramref name="mode"/> passes depth.</summary>
    public static bool UsesDepth(SequenceHistoryMode mode) => mode is SequenceHistoryMode.Depth or SequenceHistoryMode.HistoryAndDepth;

    /// <inheritdoc />
    public void Fill(SequenceFrame frame, int width, int height, byte[] output)
    {
        if (Mode == SequenceHistoryMode.None)
        {
            _inpainter.Inpaint(frame.Color, frame.Mask, width, height, output);
        }
        else
        {
            bool depth = UsesDepth(Mode) && frame.Depth is not null;
            var guides = new ImageGuides
            {
                // Without history the motion vectors are not read; they are left out so the per-frame depth mode is depth alone.
                Motion = UsesHistory(Mode) ? frame.Motion ?? [] : [],
                Depth = depth ? frame.Depth : [],
                Flags = depth ? frame.Flags : frame.Flags & ~DepthFlags,
            };
            _inpainter.Inpaint(frame.Color, frame.Mask, width, height, output, guides);
        }

        LastGpuMilliseconds = _inpainter.Frames.LatestStats?.GpuMilliseconds ?? 0;
    }
}
