using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Runtime.Inference;

/// <summary>
/// The one rule for which patches of a tile take part in a forward pass, shared by the trainer, the CPU tile path
/// (<see cref="TileMasking"/>), the reports (bench, inspect) and, line for line, the GPU planner
/// (<c>Shaders/frame_plan.comp</c>, tested against this class):
/// <list type="bullet">
/// <item><b>masked</b>: a patch holding more hole pixels than <see cref="MaeConfig.VisibleHolePixelLimit"/> (by default: any);</item>
/// <item><b>queries</b>: the masked patches the decoder must fill (all of them, unless the caller restricts them, as
/// the frame pass does to the pixels a tile contributes to);</item>
/// <item><b>context</b>: the patches the encoder sees: every visible patch when the radius is 0, else the visible
/// patches within Chebyshev distance <c>radius + growth</c> (in patches) of a query or of a visible patch holding a
/// hole pixel (under <see cref="MaskPolicy.MostlyHole"/> such a patch is filled too; under the default policy there
/// is none, and the context surrounds the queries);</item>
/// <item><b>growth</b>: the context radius grows with the tile's hole depth D, so that a large hole's interior gets
/// more than a thin ring of context. D is the largest Chebyshev distance (in patches) from a masked patch to the
/// nearest visible patch of the tile, less one: 0 when every masked patch touches a visible one, and 0 when the
/// tile has no visible patch (there is no context to grow). growth = min(max(D - <see cref="DepthThreshold"/>, 0),
/// <see cref="MaxDepthGrowth"/>) (<see cref="Growth"/>).</item>
/// </list>
/// Both lists are in ascending patch order (row-major), the order the encoder's and decoder's rows take.
/// For a frame with depth, the frame pass counts the known pixels it withholds as occluders (frame_depth.comp) as hole
/// pixels here, so the rule is unchanged; only a tile holding a real hole runs.
/// </summary>
public static class PatchPlan
{
    /// <summary>
    /// The hole depth a tile's holes must exceed before its context radius grows (see <see cref="Growth"/>): 4, so
    /// only a tile with a masked patch 6 or more patches from every visible one grows (a hole some 75 px or more
    /// across, or one reaching that far into the tile from its edge). Medium holes, which a frame with scattered
    /// holes is full of, keep the plain radius: growing from depth 1 on costs 72 GFLOP at 1080p with 5 % holes
    /// instead of 40 (docs/PERFORMANCE.md, "Hole depth").
    /// </summary>
    public const int DepthThreshold = 4;

    /// <summary>
    /// The most a tile's context radius grows with its hole depth (see <see cref="Growth"/>): 2 (+3 gains 0.02 dB on
    /// the held-out boxes for 1 GFLOP more at 4K; docs/PERFORMANCE.md, "Hole depth").
    /// </summary>
    public const int MaxDepthGrowth = 2;

    /// <summary>Whether a patch with <paramref name="holePixels"/> hole pixels is masked under <paramref name="config"/>'s policy.</summary>
    public static bool IsMasked(int holePixels, MaeConfig config) => holePixels > config.VisibleHolePixelLimit;

    /// <summary>Hole pixels of each patch of one tile's mask (<c>S x S</c> values, &gt;= 0.5 is a hole).</summary>
    public static int[] HolePixelsPerPatch(ReadOnlySpan<float> tileMask, MaeConfig config)
    {
        int s = config.ImageSize, p = config.PatchSize, g = config.GridSize;
        if (tileMask.Length != s * s)
        {
            throw new ArgumentException($"A tile mask has {s} x {s} = {s * s} values; found {tileMask.Length}.", nameof(tileMask));
        }

        var counts = new int[config.NumPatches];
        for (int y = 0; y < s; y++)
        {
            var row = tileMask.Slice(y * s, s);
            for (int x = 0; x < s; x++)
            {
                if (row[x] >= 0.5f)
                {
                    counts[(y / p * g) + (x / p)]++;
                }
            }
        }

        return counts;
    }

    /// <summary>
    /// The context and query lists of one tile from its hole pixels per patch. <paramref name="queryAllowed"/>
    /// (optional, one flag per patch) restricts the queries to some masked patches; <paramref name="radius"/> is
    /// the context radius (0 = every visible patch); a radius above 0 grows by the tile's <see cref="Growth"/>.
    /// </summary>
    public static (int[] Context, int[] Query) ForTile(ReadOnlySpan<int> holePixels, MaeConfig config, int radius, ReadOnlySpan<bool> queryAllowed = default)
    {
        int l = config.NumPatches, g = config.GridSize;
        if (holePixels.Length != l)
        {
            throw new ArgumentException($"Expected hole counts for {l} patches, found {holePixels.Length}.", nameof(holePixels));
        }

        if (!queryAllowed.IsEmpty && queryAllowed.Length != l)
        {
            throw new ArgumentException($"Expected {l} query flags, found {queryAllowed.Length}.", nameof(queryAllowed));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(radius);
        var masked = new bool[l];
        var query = new List<int>();
        var sources = new List<int>();
        for (int i = 0; i < l; i++)
        {
            masked[i] = IsMasked(holePixels[i], config);
            if (masked[i] && (queryAllowed.IsEmpty || queryAllowed[i]))
            {
                query.Add(i);
                sources.Add(i);
            }
            else if (!masked[i] && holePixels[i] > 0)
            {
                sources.Add(i);
            }
        }

        int effective = radius == 0 ? 0 : radius + Growth(masked, g);
        var context = new List<int>(l);
        for (int i = 0; i < l; i++)
        {
            if (!masked[i] && (radius == 0 || NearQuery(i, sources, g, effective)))
            {
                context.Add(i);
            }
        }

        return (context.ToArray(), query.ToArray());
    }

    /// <summary>
    /// How much a tile's context radius grows (<paramref name="masked"/>: one flag per patch of a
    /// <paramref name="grid"/> x <paramref name="grid"/> tile): its hole depth D (<see cref="HoleDepth"/>) less
    /// <see cref="DepthThreshold"/>, at least 0 and at most <see cref="MaxDepthGrowth"/>.
    /// </summary>
    public static int Growth(ReadOnlySpan<bool> masked, int grid) =>
        Math.Clamp(HoleDepth(masked, grid, DepthThreshold + MaxDepthGrowth) - DepthThreshold, 0, MaxDepthGrowth);

    /// <summary>
    /// The hole depth D of a tile (<paramref name="masked"/>: one flag per patch of a <paramref name="grid"/> x
    /// <paramref name="grid"/> tile): the largest Chebyshev distance from a masked patch to the nearest visible
    /// patch, less one, or <paramref name="cap"/> if that is more; 0 without a masked or without a visible patch.
    /// Each masked patch searches squares of growing radius d = 1 .. cap for a visible patch (frame_plan.comp does
    /// the same, a patch per thread, and takes the maximum with an atomic in shared memory).
    /// </summary>
    public static int HoleDepth(ReadOnlySpan<bool> masked, int grid, int cap)
    {
        if (masked.Length != grid * grid)
        {
            throw new ArgumentException($"Expected {grid * grid} flags, found {masked.Length}.", nameof(masked));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(cap);
        if (!masked.Contains(false))
        {
            return 0;
        }

        int depth = 0;
        for (int i = 0; i < masked.Length && depth < cap; i++)
        {
            if (masked[i])
            {
                depth = Math.Max(depth, DepthOf(i, masked, grid, cap));
            }
        }

        return depth;
    }

    /// <summary>Chebyshev distance from masked patch <paramref name="patch"/> to the nearest visible one, less one, at most <paramref name="cap"/>.</summary>
    private static int DepthOf(int patch, ReadOnlySpan<bool> masked, int grid, int cap)
    {
        int py = patch / grid, px = patch % grid;
        for (int d = 1; d <= cap; d++)
        {
            for (int y = Math.Max(py - d, 0); y <= Math.Min(py + d, grid - 1); y++)
            {
                for (int x = Math.Max(px - d, 0); x <= Math.Min(px + d, grid - 1); x++)
                {
                    if (!masked[(y * grid) + x])
                    {
                        return d - 1;
                    }
                }
            }
        }

        return cap;
    }

    /// <summary>Whether patch <paramref name="patch"/> lies within Chebyshev distance <paramref name="radius"/> of one of <paramref name="sources"/>.</summary>
    private static bool NearQuery(int patch, List<int> sources, int grid, int radius)
    {
        int py = patch / grid, px = patch % grid;
        foreach (int q in sources)
        {
            if (Math.Abs((q / grid) - py) <= radius && Math.Abs((q % grid) - px) <= radius)
            {
                return true;
            }
        }

        return false;
    }
}
