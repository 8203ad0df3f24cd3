using MaeRealtime.Editor.Inspect;
using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Frames;

/// <summary>
/// The frame pass's tile planning redone on the CPU from the mask bytes, for reports: which grid tiles hold a hole
/// pixel (and so run through the model) and how many of each tile's patches are masked. Same rule as the GPU's
/// <c>frame_plan</c>: a patch is masked when any of its pixels, read with the frame's edge pixels repeated past
/// its border, has a mask byte of at least 128.
/// </summary>
internal sealed class FrameTilePlan
{
    private FrameTilePlan(FrameTileGrid grid, int patches, int[] masked)
    {
        Grid = grid;
        Patches = patches;
        MaskedPerTile = masked;
        ActiveTiles = masked.Count(m => m > 0);
        MaskedPatches = masked.Sum(m => (long)m);
    }

    /// <summary>The frame's tile grid.</summary>
    public FrameTileGrid Grid { get; }

    /// <summary>Patches per tile (L).</summary>
    public int Patches { get; }

    /// <summary>Per grid tile (row-major), its masked patches; 0 = no hole, the tile does not run.</summary>
    public IReadOnlyList<int> MaskedPerTile { get; }

    /// <summary>Tiles holding a hole pixel.</summary>
    public int ActiveTiles { get; }

    /// <summary>Masked patches summed over the active tiles.</summary>
    public long MaskedPatches { get; }

    /// <summary>Plans <paramref name="mask"/> (one byte per pixel, &gt;= 128 = hole) of a frame covered by <paramref name="grid"/>.</summary>
    public static FrameTilePlan Compute(FrameTileGrid grid, int patchSize, ReadOnlySpan<byte> mask)
    {
        int w = grid.Width, h = grid.Height, s = grid.TileSize, g = s / patchSize;
        if (mask.Length != w * h)
        {
            throw new ArgumentException($"A {w}x{h} mask has {w * h} bytes; found {mask.Length}.", nameof(mask));
        }

        // Per patch-sized cell of the padded frame: whether any pixel in it is a hole. Tiles start at multiples of
        // the stride minus half the overlap, so check each patch of each tile directly (clamped reads).
        var masked = new int[grid.Count];
        for (int gy = 0; gy < grid.TilesY; gy++)
        {
            for (int gx = 0; gx < grid.TilesX; gx++)
            {
                var (ox, oy) = grid.Origin(gx, gy);
                int count = 0;
                for (int py = 0; py < g; py++)
                {
                    for (int px = 0; px < g; px++)
                    {
                        if (AnyHole(mask, w, h, ox + (px * patchSize), oy + (py * patchSize), patchSize))
                        {
                            count++;
                        }
                    }
                }

                masked[(gy * grid.TilesX) + gx] = count;
            }
        }

        return new FrameTilePlan(grid, g * g, masked);
    }

    /// <summary>
    /// The model's FLOPs for this frame by <see cref="ModelCost.FlopsPerTile"/>, summed over the active tiles at each
    /// tile's own visible-patch count (the MAE asymmetry: masked patches never enter the encoder).
    /// </summary>
    public double ModelFlops(MaeConfig config)
    {
        double flops = 0;
        foreach (int m in MaskedPerTile)
        {
            if (m > 0)
            {
                flops += ModelCost.FlopsPerTile(config, (double)m / Patches);
            }
        }

        return flops;
    }

    private static bool AnyHole(ReadOnlySpan<byte> mask, int w, int h, int x0, int y0, int p)
    {
        // Inside the frame the clamp is a no-op; outside it repeats the edge row/column, so clamping the ranges is exact.
        int ax = Math.Clamp(x0, 0, w - 1), bx = Math.Clamp(x0 + p - 1, 0, w - 1);
        int ay = Math.Clamp(y0, 0, h - 1), by = Math.Clamp(y0 + p - 1, 0, h - 1);
        for (int y = ay; y <= by; y++)
        {
            var row = mask.Slice((y * w) + ax, bx - ax + 1);
            foreach (byte v in row)
            {
                if (v >= 128)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
