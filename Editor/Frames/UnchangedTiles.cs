using MaeRealtime.Runtime.Frames;

namespace MaeRealtime.Editor.Frames;

/// <summary>
/// How much of a frame's model work a tile-reuse scheme could skip: the tiles that run (hold a hole pixel) whose every
/// input is the same as in the previous frame (the same hole pixels and the same colour in every known pixel of the
/// tile's footprint, edges repeated as the pass reads them, and no motion), whose fill would therefore come out
/// exactly as last frame's. A measurement only: the runtime recomputes every active tile (docs/PERFORMANCE.md,
/// "Temporal path", says why).
/// </summary>
internal static class UnchangedTiles
{
    /// <summary>
    /// Counts the active tiles of the current frame (<paramref name="rgba"/>, <paramref name="mask"/>) and those of them
    /// whose inputs equal the previous frame's (<paramref name="previousRgba"/>, <paramref name="previousMask"/>).
    /// Motion is not looked at: call it only for frames with zero motion (a moved camera changes every tile).
    /// </summary>
    public static (int Active, int Unchanged) Count(FrameTileGrid grid, ReadOnlySpan<byte> rgba, ReadOnlySpan<byte> mask, ReadOnlySpan<byte> previousRgba, ReadOnlySpan<byte> previousMask)
    {
        int w = grid.Width, h = grid.Height;
        if (mask.Length != w * h || previousMask.Length != w * h || rgba.Length != w * h * 4 || previousRgba.Length != w * h * 4)
        {
            throw new ArgumentException($"UnchangedTiles: a {w}x{h} frame needs {w * h} mask bytes and {w * h * 4} colour bytes per frame.");
        }

        int active = 0, unchanged = 0;
        for (int gy = 0; gy < grid.TilesY; gy++)
        {
            for (int gx = 0; gx < grid.TilesX; gx++)
            {
                var (ox, oy) = grid.Origin(gx, gy);
                bool hasHole = false, same = true;
                for (int y = oy; y < oy + grid.TileSize; y++)
                {
                    int cy = Math.Clamp(y, 0, h - 1);
                    for (int x = ox; x < ox + grid.TileSize; x++)
                    {
                        int i = (cy * w) + Math.Clamp(x, 0, w - 1);
                        bool hole = mask[i] >= 128;
                        hasHole |= hole;
                        if (hole != (previousMask[i] >= 128) || (!hole && !rgba.Slice(i * 4, 4).SequenceEqual(previousRgba.Slice(i * 4, 4))))
                        {
                            same = false;
                        }
                    }
                }

                if (hasHole)
                {
                    active++;
                    unchanged += same ? 1 : 0;
                }
            }
        }

        return (active, unchanged);
    }
}
