namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// A sequence of frames to fill in order (docs/SEQUENCES.md): a synthetic one made from a photo
/// (<see cref="StaticSequence"/>, <see cref="PanSequence"/>) or one read from a sequence folder
/// (<see cref="FolderSequence"/>). Frames are made or read lazily, one at a time, so a long sequence never sits in memory.
/// </summary>
internal interface ISequenceSource
{
    /// <summary>The kind the eval groups results by: "static", "pan" or "folder".</summary>
    string Kind { get; }

    /// <summary>Which sequence this is (the photo's relative path, or the folder), for messages and JSON.</summary>
    string Name { get; }

    /// <summary>Frame width in pixels (every frame has the same size).</summary>
    int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    int Height { get; }

    /// <summary>How many frames <see cref="Frames"/> yields.</summary>
    int FrameCount { get; }

    /// <summary>Whether the frames carry depth.</summary>
    bool HasDepth { get; }

    /// <summary>Whether the frames carry motion vectors (without them motion is zero: a static camera).</summary>
    bool HasMotion { get; }

    /// <summary>Whether the frames carry the ground truth.</summary>
    bool HasTruth { get; }

    /// <summary>The frames in order; the first one has <see cref="Runtime.Frames.FrameFlags.CameraCut"/>.</summary>
    IEnumerable<SequenceFrame> Frames();
}
