namespace MaeRealtime.Editor.Sequences;

/// <summary>The depth a sequence folder holds (<c>"depth"</c> of sequence.json).</summary>
internal enum SequenceDepth
{
    /// <summary>No depth files.</summary>
    None,

    /// <summary>Device depth, 0 near, 1 far.</summary>
    Standard,

    /// <summary>Reversed-Z device depth, 1 near, 0 far.</summary>
    Reversed,

    /// <summary>Linear view-space distance, larger is farther.</summary>
    Linear,
}
