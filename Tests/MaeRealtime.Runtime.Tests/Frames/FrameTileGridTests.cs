using MaeRealtime.Runtime.Frames;

namespace MaeRealtime.Runtime.Tests.Frames;

/// <summary>The tile grid's geometry and its default overlap.</summary>
public sealed class FrameTileGridTests
{
    [Theory]
    [InlineData(128, 8, 44)]  // the small model: stride 84 = 10.5 patches
    [InlineData(224, 16, 72)] // ViT-Base: stride 152 = 9.5 patches
    [InlineData(32, 8, 12)]   // the tiny test model: stride 20 = 2.5 patches
    [InlineData(32, 4, 10)]   // stride 22 = 5.5 patches
    [InlineData(64, 8, 20)]   // stride 44 = 5.5 patches
    public void DefaultOverlap_PutsNeighboursHalfAPatchOutOfStep(int tile, int patch, int expected)
    {
        int overlap = FrameTileGrid.DefaultOverlap(tile, patch);
        Assert.Equal(expected, overlap);
        Assert.Equal(patch / 2, (tile - overlap) % patch);
        Assert.True(overlap % 2 == 0 && overlap <= tile / 2, $"overlap {overlap} must be even and at most half the tile");
    }

    [Theory]
    [InlineData(30, 3)] // odd patch: no half-patch step exists, so the even value nearest a third
    [InlineData(12, 2)] // half a patch is one pixel, which an even overlap cannot give
    public void DefaultOverlap_WithoutAHalfPatchStep_IsTheEvenValueNearestAThird(int tile, int patch)
    {
        int overlap = FrameTileGrid.DefaultOverlap(tile, patch);
        Assert.Equal(0, overlap % 2);
        Assert.True(Math.Abs(overlap - (tile / 3.0)) <= 1, $"overlap {overlap} for a {tile}-pixel tile");
    }

    [Fact]
    public void Grid_CoversTheFrameWithTilesOfTheStride()
    {
        var grid = new FrameTileGrid(128, 44, 1920, 1080);
        Assert.Equal(84, grid.Stride);
        Assert.Equal((23, 13, 299), (grid.TilesX, grid.TilesY, grid.Count));
        Assert.Equal((-22, -22), grid.Origin(0, 0));
        Assert.Equal((84 - 22, (2 * 84) - 22), grid.Origin(1, 2));
    }
}
