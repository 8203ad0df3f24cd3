namespace MaeRealtime.Runtime.Inference;

/// <summary>Word offsets in the index buffer of what one model pass reads (its slots' lists and its own extents and row tables).</summary>
/// <param name="TileInfo">[encBase, encCount, qBase, qCount] of the pass's first slot; pass-local rows.</param>
/// <param name="Context">Context patch lists (L words per slot) of the pass's first slot.</param>
/// <param name="Query">Query patch lists (L words per slot).</param>
/// <param name="Rank">Rank lists (L words per slot): 0x80000000 | query, 1 + context row, or 0.</param>
/// <param name="PassInfo">The pass's [tiles, encRows, qRows, ...].</param>
/// <param name="EncoderRowTile">The pass's encoder row table.</param>
/// <param name="QueryRowTile">The pass's query row table.</param>
internal readonly record struct PassOffsets(uint TileInfo, uint Context, uint Query, uint Rank, uint PassInfo, uint EncoderRowTile, uint QueryRowTile)
{
    /// <summary>The word holding the pass's tile count.</summary>
    public uint Tiles => PassInfo;

    /// <summary>The word holding the pass's encoder row count.</summary>
    public uint EncoderRows => PassInfo + 1;

    /// <summary>The word holding the pass's query row count.</summary>
    public uint QueryRows => PassInfo + 2;
}
