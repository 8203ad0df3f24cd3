namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// One way of filling a sequence frame by frame that <c>mae eval --sequence</c> scores: the model through the frame
/// pass with or without its history (<see cref="MaeSequenceMethod"/>) or a classic per-frame baseline
/// (<see cref="BaselineSequenceMethod"/>). A method with state keeps it from one <see cref="Fill"/> to the next; the
/// first frame of a sequence carries a camera cut, which starts it afresh.
/// </summary>
internal interface ISequenceMethod
{
    /// <summary>Short name for JSON and the command line ("mae", "mae+history", "mae+history+depth", "telea", "ns").</summary>
    string Name { get; }

    /// <summary>Human-readable name for tables.</summary>
    string DisplayName { get; }

    /// <summary>GPU time of the last fill in milliseconds (0 for CPU methods or without timestamps).</summary>
    double LastGpuMilliseconds { get; }

    /// <summary>Whether the method runs on <paramref name="source"/> (the depth variant needs depth).</summary>
    bool Applies(ISequenceSource source);

    /// <summary>Fills <paramref name="frame"/> (<paramref name="width"/> x <paramref name="height"/>) into <paramref name="output"/> (RGBA8); known pixels stay the input's.</summary>
    void Fill(SequenceFrame frame, int width, int height, byte[] output);
}
