using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Runtime.Inference;

/// <summary>
/// Which patches of each tile take part in a forward pass (<see cref="PatchPlan"/>'s rule): per tile, the context
/// the encoder sees (<see cref="Keep"/>, the reference's <c>ids_keep</c>) and the masked patches the decoder fills
/// (<see cref="Query"/>). Tiles may keep different counts; the forward packs their rows one after another.
/// </summary>
public sealed class TileMasking
{
    private TileMasking(int tiles, int patches, int[][] keep, int[][] query)
    {
        Tiles = tiles;
        Patches = patches;
        Keep = keep;
        Query = query;
    }

    /// <summary>Number of tiles.</summary>
    public int Tiles { get; }

    /// <summary>Patches per tile (L).</summary>
    public int Patches { get; }

    /// <summary>Per tile, the patch indices the encoder sees, in encoder order.</summary>
    public IReadOnlyList<int[]> Keep { get; }

    /// <summary>Per tile, the masked patch indices the decoder fills, ascending.</summary>
    public IReadOnlyList<int[]> Query { get; }

    /// <summary>Masked patches summed over the tiles.</summary>
    public int MaskedPatches => Query.Sum(q => q.Length);

    /// <summary>
    /// Plans the tiles of <paramref name="holeMasks"/> ([tiles, S, S], value &gt;= 0.5 is a hole) by
    /// <see cref="PatchPlan"/> with context radius <paramref name="contextRadius"/> (null: the model's
    /// <see cref="MaeConfig.ContextRadius"/>; 0: every visible patch).
    /// </summary>
    public static TileMasking FromHoleMasks(MaeConfig config, ReadOnlySpan<float> holeMasks, int tiles, int? contextRadius = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        int s = config.ImageSize;
        if (holeMasks.Length != tiles * s * s)
        {
            throw new ArgumentException($"Hole masks: expected {tiles} x {s} x {s} = {tiles * s * s} values, found {holeMasks.Length}.");
        }

        int radius = contextRadius ?? config.ContextRadius;
        var keep = new int[tiles][];
        var query = new int[tiles][];
        for (int b = 0; b < tiles; b++)
        {
            var counts = PatchPlan.HolePixelsPerPatch(holeMasks.Slice(b * s * s, s * s), config);
            (keep[b], query[b]) = PatchPlan.ForTile(counts, config, radius);
        }

        return Create(config.NumPatches, keep, query);
    }

    /// <summary>
    /// Uses the given visible patch indices per tile (any order, no duplicates); every other patch is masked and
    /// decoded, as in the reference's random masking.
    /// </summary>
    public static TileMasking FromKeptIndices(int patches, IReadOnlyList<int[]> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var query = new int[keep.Count][];
        for (int b = 0; b < keep.Count; b++)
        {
            var kept = new HashSet<int>(keep[b]);
            query[b] = Enumerable.Range(0, patches).Where(i => !kept.Contains(i)).ToArray();
        }

        return Create(patches, keep, query);
    }

    private static TileMasking Create(int patches, IReadOnlyList<int[]> keep, int[][] query)
    {
        var keepCopy = new int[keep.Count][];
        for (int b = 0; b < keep.Count; b++)
        {
            var seen = new bool[patches];
            foreach (int patch in keep[b])
            {
                if ((uint)patch >= (uint)patches || seen[patch])
                {
                    throw new ArgumentException($"Tile {b}: kept patch index {patch} is out of range 0..{patches - 1} or repeated.");
                }

                seen[patch] = true;
            }

            keepCopy[b] = keep[b].ToArray();
        }

        return new TileMasking(keep.Count, patches, keepCopy, query);
    }
}
