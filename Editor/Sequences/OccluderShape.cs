namespace MaeRealtime.Editor.Sequences;

/// <summary>The outline of a moving occluder.</summary>
internal enum OccluderShape
{
    /// <summary>A filled circle.</summary>
    Disc,

    /// <summary>An axis-aligned rectangle.</summary>
    Box,
}
