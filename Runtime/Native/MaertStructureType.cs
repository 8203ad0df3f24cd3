namespace MaeRealtime.Native;

/// <summary>The <c>maert_structure_type</c> values of include/maert.h.</summary>
public enum MaertStructureType : uint
{
    /// <summary><c>MAERT_STRUCTURE_TYPE_CONTEXT_CREATE_INFO</c>.</summary>
    ContextCreateInfo = 1,

    /// <summary><c>MAERT_STRUCTURE_TYPE_INPAINTER_CREATE_INFO</c>.</summary>
    InpainterCreateInfo = 2,

    /// <summary><c>MAERT_STRUCTURE_TYPE_FRAME_IMAGES</c>.</summary>
    FrameImages = 3,

    /// <summary><c>MAERT_STRUCTURE_TYPE_FRAME_STATS</c>.</summary>
    FrameStats = 4,
}
