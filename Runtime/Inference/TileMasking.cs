using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Runtime.Inference;

/// <summary>
/// Which patches of each tile the encoder sees, in the reference's terms: per tile, <c>ids_keep</c>
/// (visible patch indices, the first <c>count</c> entries of ids_shuffle) and <c>ids_restore</c> (each
/// patch's rank in ids_shuffle; a rank below count means visible). Tiles may keep different counts; the
/// encoder runs on <see cref="KeepCapacity"/> + 1 rows per tile and ignores the padding.
/// </summary>
public sealed class TileMasking
{
    private TileMasking(int tiles, int patches, int[][] keep, int[][] restore)
    {
        Tiles = tiles;
        Patches = patches;
        Keep = keep;
        Restore = restore;
        KeepCapacity = keep.Length == 0 ? 0 : keep.Max(k => k.Length);
    }

    /// <summary>Number of tiles.</summary>
    public int Tiles { get; }

    /// <summary>Patches per tile (L).</summary>
    public int Patches { get; }

    /// <summary>Per tile, the visible patch indices in encoder order.</summary>
    public IReadOnlyList<int[]> Keep { get; }

    /// <summary>Per tile, each patch's rank in the shuffled order.</summary>
    public IReadOnlyList<int[]> Restore { get; }

    /// <summary>The largest visible count over the tiles: the encoder's token capacity minus the cls token.</summary>
    public int KeepCapacity { get; }

    /// <summary>Masked patches summed over the tiles.</summary>
    public int MaskedPatches => Keep.Sum(k => Patches - k.Length);

    /// <summary>
    /// Masks the patches of <paramref name="holeMasks"/> ([tiles, S, S], value &gt;= 0.5 is a hole) that hold more hole
    /// pixels than <see cref="MaeConfig.VisibleHolePixelLimit"/> (by default: any).
    /// </summary>
    public static TileMasking FromHoleMasks(MaeConfig config, ReadOnlySpan<float> holeMasks, int tiles)
    {
        int s = config.ImageSize, p = config.PatchSize, g = config.GridSize;
        if (holeMasks.Length != tiles * s * s)
        {
            throw new ArgumentException($"Hole masks: expected {tiles} x {s} x {s} = {tiles * s * s} values, found {holeMasks.Length}.");
        }

        int limit = config.VisibleHolePixelLimit;
        var keep = new int[tiles][];
        for (int b = 0; b < tiles; b++)
        {
            var tile = holeMasks.Slice(b * s * s, s * s);
            var visible = new List<int>(config.NumPatches);
            for (int patch = 0; patch < config.NumPatches; patch++)
            {
                int y0 = patch / g * p, x0 = patch % g * p;
                int holePixels = 0;
                for (int y = y0; y < y0 + p; y++)
                {
                    foreach (float v in tile.Slice((y * s) + x0, p))
                    {
                        holePixels += v >= 0.5f ? 1 : 0;
                    }
                }

                if (holePixels <= limit)
                {
                    visible.Add(patch);
                }
            }

            keep[b] = visible.ToArray();
        }

        return FromKeptIndices(config.NumPatches, keep);
    }

    /// <summary>Uses the given visible patch indices per tile (any order, no duplicates); the masked patches follow in ascending order.</summary>
    public static TileMasking FromKeptIndices(int patches, IReadOnlyList<int[]> keep)
    {
        var restore = new int[keep.Count][];
        var keepCopy = new int[keep.Count][];
        for (int b = 0; b < keep.Count; b++)
        {
            var rank = new int[patches];
            Array.Fill(rank, -1);
            for (int r = 0; r < keep[b].Length; r++)
            {
                int patch = keep[b][r];
                if ((uint)patch >= (uint)patches || rank[patch] >= 0)
                {
                    throw new ArgumentException($"Tile {b}: kept patch index {patch} is out of range 0..{patches - 1} or repeated.");
                }

                rank[patch] = r;
            }

            int next = keep[b].Length;
            for (int i = 0; i < patches; i++)
            {
                if (rank[i] < 0)
                {
                    rank[i] = next++;
                }
            }

            restore[b] = rank;
            keepCopy[b] = keep[b].ToArray();
        }

        return new TileMasking(keep.Count, patches, keepCopy, restore);
    }
}
