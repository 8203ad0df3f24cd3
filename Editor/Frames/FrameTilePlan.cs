using MaeRealtime.Editor.Inspect;
using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Frames;

/// <summary>
/// The frame pass's tile planning redone on the CPU from the mask bytes, for reports: which grid tiles hold a hole
/// pixel (and so run through the model) and, per tile, its context and query patches by <see cref="PatchPlan"/>, the
/// rule the GPU's <c>frame_plan</c> follows (a pixel is a hole when its mask byte is at least 128, read with the
/// frame's edge pixels repeated past its border). Tiles run in grid order, <c>C</c> per pass, as frame_scan orders them.
/// </summary>
internal sealed class FrameTilePlan
{
    private FrameTilePlan(FrameTileGrid grid, int patches, int[] masked, int[] context)
    {
        Grid = grid;
        Patches = patches;
        MaskedPerTile = masked;
        ContextPerTile = context;
        ActiveTiles = context.Count(c => c >= 0);
        MaskedPatches = masked.Sum(m => (long)m);
        ContextPatches = context.Where(c => c > 0).Sum(c => (long)c);
    }

    /// <summary>The frame's tile grid.</summary>
    public FrameTileGrid Grid { get; }

    /// <summary>Patches per tile (L).</summary>
    public int Patches { get; }

    /// <summary>Per grid tile (row-major), its masked patches (the decoder's queries).</summary>
    public IReadOnlyList<int> MaskedPerTile { get; }

    /// <summary>Per grid tile, its context patches; -1 = no hole pixel, the tile does not run.</summary>
    public IReadOnlyList<int> ContextPerTile { get; }

    /// <summary>Tiles holding a hole pixel.</summary>
    public int ActiveTiles { get; }

    /// <summary>Masked patches summed over the active tiles.</summary>
    public long MaskedPatches { get; }

    /// <summary>Context patches summed over the active tiles (encoder rows less one cls row per tile).</summary>
    public long ContextPatches { get; }

    /// <summary>Plans <paramref name="mask"/> (one byte per pixel, &gt;= 128 = hole) of a frame covered by <paramref name="grid"/> for <paramref name="config"/> at <paramref name="contextRadius"/>.</summary>
    public static FrameTilePlan Compute(FrameTileGrid grid, MaeConfig config, int contextRadius, ReadOnlySpan<byte> mask)
    {
        int w = grid.Width, h = grid.Height, s = grid.TileSize, p = config.PatchSize, g = s / p;
        if (mask.Length != w * h)
        {
            throw new ArgumentException($"A {w}x{h} mask has {w * h} bytes; found {mask.Length}.", nameof(mask));
        }

        var masked = new int[grid.Count];
        var context = new int[grid.Count];
        var holes = new int[g * g];
        for (int gy = 0; gy < grid.TilesY; gy++)
        {
            for (int gx = 0; gx < grid.TilesX; gx++)
            {
                var (ox, oy) = grid.Origin(gx, gy);
                Array.Clear(holes);
                bool any = false;
                for (int y = 0; y < s; y++)
                {
                    var row = mask.Slice(Math.Clamp(oy + y, 0, h - 1) * w, w);
                    for (int x = 0; x < s; x++)
                    {
                        if (row[Math.Clamp(ox + x, 0, w - 1)] >= 128)
                        {
                            holes[((y / p) * g) + (x / p)]++;
                            any = true;
                        }
                    }
                }

                int tile = (gy * grid.TilesX) + gx;
                if (!any)
                {
                    context[tile] = -1;
                    continue;
                }

                var (ctx, query) = PatchPlan.ForTile(holes, config, contextRadius);
                masked[tile] = query.Length;
                context[tile] = ctx.Length;
            }
        }

        return new FrameTilePlan(grid, g * g, masked, context);
    }

    /// <summary>The model's FLOPs for this frame: <see cref="ModelCost.FlopsPerTile(MaeConfig, int, int)"/> summed over the active tiles.</summary>
    public double ModelFlops(MaeConfig config)
    {
        double flops = 0;
        for (int i = 0; i < ContextPerTile.Count; i++)
        {
            if (ContextPerTile[i] >= 0)
            {
                flops += ModelCost.FlopsPerTile(config, ContextPerTile[i], MaskedPerTile[i]);
            }
        }

        return flops;
    }

    /// <summary>The model's compulsory activation traffic for this frame: <see cref="ModelCost.ActivationBytesPerTile"/> summed over the active tiles.</summary>
    public double ActivationBytes(MaeConfig config, bool halfActivations)
    {
        double bytes = 0;
        for (int i = 0; i < ContextPerTile.Count; i++)
        {
            if (ContextPerTile[i] >= 0)
            {
                bytes += ModelCost.ActivationBytesPerTile(config, ContextPerTile[i], MaskedPerTile[i], halfActivations);
            }
        }

        return bytes;
    }

    /// <summary>
    /// The FLOPs the indirect passes dispatch: <see cref="ModelFlops"/> plus the rows each pass of
    /// <paramref name="tilesPerPass"/> tiles rounds its encoder and query rows up to (<paramref name="rowQuantum"/>).
    /// </summary>
    public double DispatchedFlops(MaeConfig config, int tilesPerPass, int rowQuantum)
    {
        double flops = ModelFlops(config);
        var active = Enumerable.Range(0, ContextPerTile.Count).Where(i => ContextPerTile[i] >= 0).ToArray();
        for (int first = 0; first < active.Length; first += tilesPerPass)
        {
            var pass = active.Skip(first).Take(tilesPerPass).ToArray();
            long encRows = pass.Sum(i => 1L + ContextPerTile[i]);
            long qRows = config.Decoder == DecoderKind.MaskedQueries ? pass.Sum(i => (long)MaskedPerTile[i]) : 0;
            flops += (Pad(encRows, rowQuantum) * ModelCost.FlopsPerPaddingRow(config, queryRow: false))
                + (Pad(qRows, rowQuantum) * ModelCost.FlopsPerPaddingRow(config, queryRow: true));
        }

        return flops;
    }

    private static long Pad(long rows, int quantum) => ((rows + quantum - 1) / quantum * quantum) - rows;
}
