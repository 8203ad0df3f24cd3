namespace MaeRealtime.Runtime.Inference;

/// <summary>
/// The sizes one model pass's dispatches follow: tiles, packed encoder rows (cls + context per tile) and packed
/// query rows (masked patches per tile). A direct pass records the exact sizes; an indirect one its capacities
/// (the GPU sizes each grid from the planned sizes, see <see cref="Vulkan.DispatchExtent"/>).
/// </summary>
internal readonly record struct PassExtents(uint Tiles, uint EncoderRows, uint QueryRows);
