namespace MaeRealtime.Runtime.Vulkan;

/// <summary>
/// What a dispatch's grid grows with, so an indirect recording can size it on the GPU: the frame pipeline captures
/// each dispatch's workgroup counts at every level of its extent and the GPU looks them up from the planned
/// extents (Shaders/frame_indirect.comp reads the same numbering).
/// </summary>
internal enum DispatchExtent
{
    /// <summary>The pass's tile count.</summary>
    Tiles = 0,

    /// <summary>The pass's packed encoder rows (cls + context per tile).</summary>
    EncoderRows = 1,

    /// <summary>The pass's packed query rows (masked patches per tile).</summary>
    QueryRows = 2,
}
