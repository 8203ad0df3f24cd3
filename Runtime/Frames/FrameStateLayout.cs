namespace MaeRealtime.Runtime.Frames;

/// <summary>
/// Word offsets inside the frame-state buffer (binding 4 of set 1): the tile counter, the tile list (grid
/// index per slot), the tile map (slot per grid index), the table of indirect commands captured per tile
/// count, the indirect commands of the current frame and the resolve pass's command.
/// </summary>
internal sealed class FrameStateLayout
{
    /// <summary>Word offset of the tile list (right after the counter), fixed so recording code can use it without a layout.</summary>
    public const uint TileListWord = 4;

    public FrameStateLayout(int maxTiles, int dispatchesPerPass, int tilesPerPass, int maxPasses)
    {
        Counter = 0;
        TileList = TileListWord;
        TileMap = (uint)(TileList + maxTiles);
        Table = Align4(TileMap + (uint)maxTiles);
        Indirect = Align4(Table + ((uint)(dispatchesPerPass * (tilesPerPass + 1)) * 3u));
        Resolve = Align4(Indirect + ((uint)(maxPasses * dispatchesPerPass) * 3u));
        Words = Resolve + 4;
    }

    public uint Counter { get; }

    public uint TileList { get; }

    public uint TileMap { get; }

    public uint Table { get; }

    public uint Indirect { get; }

    public uint Resolve { get; }

    public uint Words { get; }

    private static uint Align4(uint words) => (words + 3u) & ~3u;
}
