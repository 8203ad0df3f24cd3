using MaeRealtime.Editor.Frames;
using MaeRealtime.Runtime.Frames;

namespace MaeRealtime.Editor.Tests.Frames;

/// <summary>The reuse measurement: a tile counts as unchanged only when every input pixel of its footprint is.</summary>
public sealed class UnchangedTilesTests
{
    private static readonly FrameTileGrid Grid = new(64, 16, 160, 96);

    [Fact]
    public void SameFrame_EveryActiveTileUnchanged_AndAMovedHoleChangesOnlyTheTilesAroundIt()
    {
        var rgba = new byte[160 * 96 * 4];
        new Random(3).NextBytes(rgba);
        var mask = Box(10, 10, 8, 8);
        var (active, unchanged) = UnchangedTiles.Count(Grid, rgba, mask, rgba, mask);
        Assert.True(active > 0);
        Assert.Equal(active, unchanged);

        // Add a second hole far away: the first hole's tiles stay unchanged, the new hole's tiles change.
        var two = Box(10, 10, 8, 8);
        var far = Box(140, 80, 6, 6);
        for (int i = 0; i < two.Length; i++)
        {
            two[i] |= far[i];
        }

        var (active2, unchanged2) = UnchangedTiles.Count(Grid, rgba, two, rgba, mask);
        Assert.True(active2 > active);
        Assert.Equal(active, unchanged2);

        // One known pixel's colour in the first hole's tile changes: that tile (and any other covering the pixel) changes.
        var recoloured = (byte[])rgba.Clone();
        recoloured[((20 * 160) + 20) * 4] ^= 1;
        var (_, unchanged3) = UnchangedTiles.Count(Grid, recoloured, mask, rgba, mask);
        Assert.True(unchanged3 < active);
    }

    [Fact]
    public void WrongSizes_AreRefused()
    {
        var rgba = new byte[160 * 96 * 4];
        var mask = new byte[160 * 96];
        Assert.Throws<ArgumentException>(() => UnchangedTiles.Count(Grid, rgba, mask.AsSpan(1), rgba, mask));
    }

    private static byte[] Box(int x0, int y0, int w, int h)
    {
        var mask = new byte[160 * 96];
        for (int y = y0; y < y0 + h; y++)
        {
            for (int x = x0; x < x0 + w; x++)
            {
                mask[(y * 160) + x] = 255;
            }
        }

        return mask;
    }
}
