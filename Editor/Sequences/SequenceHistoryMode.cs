namespace MaeRealtime.Editor.Sequences;

/// <summary>Which of the runtime's temporal inputs a <see cref="MaeSequenceMethod"/> uses.</summary>
internal enum SequenceHistoryMode
{
    /// <summary>Each frame on its own (History = false): the product as it fills single images.</summary>
    None,

    /// <summary>Each frame on its own with its depth (History = false): what depth alone buys, the depth-aware context.</summary>
    Depth,

    /// <summary>History with the sequence's motion vectors (zero motion where it has none), without depth.</summary>
    History,

    /// <summary>History with motion vectors and depth (only sequences with depth).</summary>
    HistoryAndDepth,
}
