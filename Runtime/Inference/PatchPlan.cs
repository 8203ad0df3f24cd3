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
/// patches within Chebyshev distance <c>radius</c> (in patches) of a query or of a visible patch holding a hole
/// pixel (under <see cref="MaskPolicy.MostlyHole"/> such a patch is filled too; under the default policy there is
/// none, and the context surrounds the queries).</item>
/// </list>
/// Both lists are in ascending patch order (row-major), the order the encoder's and decoder's rows take.
/// For a frame with depth, the frame pass counts the known pixels it withholds as occluders (frame_depth.comp) as hole
/// pixels here, so the rule is unchanged; only a tile holding a real hole runs.
/// </summary>
public static class PatchPlan
{
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
    /// the context radius (0 = every visible patch).
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

        var context = new List<int>(l);
        for (int i = 0; i < l; i++)
        {
            if (!masked[i] && (radius == 0 || NearQuery(i, sources, g, radius)))
            {
                context.Add(i);
            }
        }

        return (context.ToArray(), query.ToArray());
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
