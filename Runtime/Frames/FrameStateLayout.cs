namespace MaeRealtime.Runtime.Frames;

/// <summary>
/// Word offsets inside the frame-state buffer (binding 4 of set 1): the tile counter, the tile list (grid index per
/// slot), the tile map (slot per grid index), the plan's per-grid-tile row counts and patch flags, the table of
/// indirect commands captured per extent level (preceded by each dispatch's extent kind), the indirect commands of
/// the current frame and the resolve pass's command; for frames with depth, the withheld bits and the far-side map
/// (<see cref="FrameParams"/>, frame_depth.comp).
/// </summary>
internal sealed class FrameStateLayout
{
    /// <summary>Word offset of the tile list (right after the counter), fixed so recording code can use it without a layout.</summary>
    public const uint TileListWord = 4;

    public FrameStateLayout(int maxTiles, int patches, int dispatchesPerPass, int tableLevels, int maxPasses, int maxWidth, int maxHeight)
    {
        Counter = 0;
        TileList = TileListWord;
        TileMap = (uint)(TileList + maxTiles);
        GridRows = Align4(TileMap + (uint)maxTiles);
        Flags = Align4(GridRows + (2u * (uint)maxTiles));
        Table = Align4(checked(Flags + ((uint)maxTiles * (uint)patches)));
        Indirect = Align4(checked(Table + (uint)dispatchesPerPass + ((uint)(dispatchesPerPass * tableLevels) * 3u)));
        Resolve = Align4(checked(Indirect + ((uint)(maxPasses * dispatchesPerPass) * 3u)));
        Withheld = Resolve + 4;
        Blocks = Align4(checked(Withheld + ((uint)FrameParams.WordsPerRowFor(maxWidth) * (uint)maxHeight)));
        Words = Align4(checked(Blocks + (2u * (uint)FrameParams.BlocksFor(maxWidth) * (uint)FrameParams.BlocksFor(maxHeight))));
    }

    public uint Counter { get; }

    public uint TileList { get; }

    public uint TileMap { get; }

    /// <summary>Per grid tile: encoder rows (1 + context; 0 = no hole, the tile does not run) and query rows.</summary>
    public uint GridRows { get; }

    /// <summary>Per grid tile, L words: bit 0 masked, bit 1 context.</summary>
    public uint Flags { get; }

    /// <summary>[D] extent kinds, then [D][levels] indirect commands.</summary>
    public uint Table { get; }

    public uint Indirect { get; }

    public uint Resolve { get; }

    /// <summary>One bit per pixel (a word per 32 pixels of a row): known pixels withheld from the model as occluders.</summary>
    public uint Withheld { get; }

    /// <summary>
    /// Two maps of one word per 8x8 block of the frame (blocksX x blocksY each, the second right after the first): the
    /// float bits of the farthest hole border's inverse depth in the block, then the same within two blocks.
    /// </summary>
    public uint Blocks { get; }

    public uint Words { get; }

    private static uint Align4(uint words) => (words + 3u) & ~3u;
}
