namespace MaeRealtime.Editor.Sequences;

/// <summary>The motion vectors a sequence folder holds (<c>"motion"</c> of sequence.json).</summary>
internal enum SequenceMotion
{
    /// <summary>No motion files: zero motion (a static camera) is assumed.</summary>
    None,

    /// <summary>The runtime's default: a pixel p of frame t was at p + motion in frame t-1.</summary>
    ToPrevious,

    /// <summary>The other sign: a pixel p of frame t was at p - motion in frame t-1.</summary>
    ToCurrent,
}
