using MaeRealtime.Runtime.Frames;

namespace MaeRealtime.Runtime.Tests.Frames;

/// <summary>Synthetic frames and masks for the frame-pipeline tests: smooth gradients with some texture, holes as boxes.</summary>
internal static class FrameTestData
{
    public static byte[] Rgba(int width, int height, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height * 4];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = ((y * width) + x) * 4;
                pixels[i] = (byte)((x * 255 / Math.Max(1, width - 1) + random.Next(8)) & 255);
                pixels[i + 1] = (byte)((y * 255 / Math.Max(1, height - 1)) & 255);
                pixels[i + 2] = (byte)(128 + (int)(60 * Math.Sin((x + y) / 9.0)));
                pixels[i + 3] = (byte)(200 + random.Next(56));
            }
        }

        return pixels;
    }

    public static byte[] Mask(int width, int height, params (int X, int Y, int W, int H)[] boxes)
    {
        var mask = new byte[width * height];
        foreach (var (bx, by, bw, bh) in boxes)
        {
            for (int y = Math.Max(0, by); y < Math.Min(height, by + bh); y++)
            {
                for (int x = Math.Max(0, bx); x < Math.Min(width, bx + bw); x++)
                {
                    mask[(y * width) + x] = 255;
                }
            }
        }

        return mask;
    }

    /// <summary>Grid tiles whose area (edge-clamped) holds a hole pixel, computed on the CPU as the planning pass should.</summary>
    public static int ExpectedActiveTiles(FrameTileGrid grid, byte[] mask)
    {
        int active = 0;
        for (int gy = 0; gy < grid.TilesY; gy++)
        {
            for (int gx = 0; gx < grid.TilesX; gx++)
            {
                var (ox, oy) = grid.Origin(gx, gy);
                bool any = false;
                for (int y = oy; y < oy + grid.TileSize && !any; y++)
                {
                    for (int x = ox; x < ox + grid.TileSize && !any; x++)
                    {
                        int cx = Math.Clamp(x, 0, grid.Width - 1), cy = Math.Clamp(y, 0, grid.Height - 1);
                        any = mask[(cy * grid.Width) + cx] >= 128;
                    }
                }

                active += any ? 1 : 0;
            }
        }

        return active;
    }
}
