using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Runtime.Tests.Inference;

/// <summary>
/// PatchPlan's rule on the default model's 16 x 16 patch grid: the context radius grows with the tile's hole depth
/// (D past <see cref="PatchPlan.DepthThreshold"/>, at most <see cref="PatchPlan.MaxDepthGrowth"/>), small holes keep
/// the plain radius. Checked on hand-made tiles and against a brute-force reading of the rule on random ones.
/// </summary>
public sealed class PatchPlanTests
{
    private static readonly MaeConfig Config = MaeConfigPresets.Get("small");
    private static readonly int G = Config.GridSize;

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(3, 1)]
    [InlineData(5, 2)]
    [InlineData(11, 5)]
    [InlineData(12, 5)]
    [InlineData(13, 6)]
    public void HoleDepth_IsTheDistanceToTheNearestVisiblePatch_LessOne(int side, int depth)
    {
        var masked = Masked(Box(1, 2, side, side));
        Assert.Equal(depth, PatchPlan.HoleDepth(masked, G, cap: G));
        Assert.Equal(Math.Min(depth, 3), PatchPlan.HoleDepth(masked, G, cap: 3));
        Assert.Equal(Math.Clamp(depth - PatchPlan.DepthThreshold, 0, PatchPlan.MaxDepthGrowth), PatchPlan.Growth(masked, G));
    }

    [Fact]
    public void HoleDepth_WithoutMaskedOrWithoutVisiblePatches_IsZero()
    {
        Assert.Equal(0, PatchPlan.HoleDepth(new bool[G * G], G, cap: G));
        var all = Enumerable.Repeat(true, G * G).ToArray();
        Assert.Equal(0, PatchPlan.HoleDepth(all, G, cap: G));
        Assert.Equal(0, PatchPlan.Growth(all, G));
        var (context, query) = PatchPlan.ForTile(Holes(all), Config, 1);
        Assert.Empty(context);
        Assert.Equal(G * G, query.Length);
    }

    [Fact]
    public void SmallAndMediumHoles_KeepThePlainRadius()
    {
        // Scattered single patches, a 3x3 and a 9x9 block (depth 4, the threshold): the plan of the plain radius.
        var masked = Masked(Box(0, 0, 1, 1), Box(5, 14, 1, 1), Box(13, 2, 3, 3), Box(3, 4, 9, 9));
        Assert.Equal(PatchPlan.DepthThreshold, PatchPlan.HoleDepth(masked, G, cap: G));
        for (int radius = 1; radius <= 3; radius++)
        {
            var (context, _) = PatchPlan.ForTile(Holes(masked), Config, radius);
            Assert.Equal(Reference(Holes(masked), radius), context);
        }
    }

    [Theory]
    [InlineData(11, 1)]
    [InlineData(13, 2)]
    public void DeepBox_GrowsTheRadiusByItsDepthPastTheThreshold(int side, int growth)
    {
        // An 11x11 box (depth 5) sees two rings at radius 1, a 13x13 box (depth 6) three.
        var masked = Masked(Box(1, 2, side, side));
        var (context, query) = PatchPlan.ForTile(Holes(masked), Config, 1);
        Assert.Equal(growth, PatchPlan.Growth(masked, G));
        Assert.Equal(side * side, query.Length);
        Assert.Equal(Reference(Holes(masked), 1 + growth), context);
        Assert.True(context.Length > Reference(Holes(masked), 1).Length);
        var ring = Enumerable.Range(0, G * G).Where(i => !masked[i] && Chebyshev(i, Box(1, 2, side, side)) <= 1 + growth);
        Assert.Equal(ring, context);
    }

    [Fact]
    public void TileMaskedButOneCorner_SeesTheCorner()
    {
        var masked = Enumerable.Repeat(true, G * G).ToArray();
        masked[(G * G) - 1] = false;
        Assert.Equal(G - 2, PatchPlan.HoleDepth(masked, G, cap: G)); // patch 0 is G - 1 patches from the corner
        Assert.Equal(PatchPlan.MaxDepthGrowth, PatchPlan.Growth(masked, G));
        var (context, query) = PatchPlan.ForTile(Holes(masked), Config, 1);
        Assert.Equal([(G * G) - 1], context);
        Assert.Equal((G * G) - 1, query.Length);
        Assert.Equal(Enumerable.Range(0, G * G).Where(i => !masked[i]), PatchPlan.ForTile(Holes(masked), Config, 0).Context);
    }

    [Fact]
    public void HoleAtTheTileBorder_CountsTheBorderAsNoContext()
    {
        // The top 8 rows masked across the tile: row 0 is 8 patches from row 8, the first visible one (depth 7).
        var masked = Masked(Box(0, 0, G, 8));
        Assert.Equal(7, PatchPlan.HoleDepth(masked, G, cap: G));
        var (context, _) = PatchPlan.ForTile(Holes(masked), Config, 1);
        Assert.Equal(Enumerable.Range(8 * G, (1 + PatchPlan.MaxDepthGrowth) * G), context); // rows 8 .. 8 + radius - 1

        // A strip 3 patches deep along the left edge: depth 2, the plain radius.
        var strip = Masked(Box(0, 0, 3, G));
        Assert.Equal(2, PatchPlan.HoleDepth(strip, G, cap: G));
        Assert.Equal(Reference(Holes(strip), 1), PatchPlan.ForTile(Holes(strip), Config, 1).Context);
    }

    [Fact]
    public void Growth_AppliesToTheWholeTile()
    {
        // One deep box grows the context of every hole of the tile (one radius per tile, as the GPU planner has):
        // the single masked patch at (row 0, column 15) sees three rows down.
        var masked = Masked(Box(0, 0, 12, 12), Box(15, 0, 1, 1));
        int growth = PatchPlan.Growth(masked, G);
        Assert.Equal(PatchPlan.MaxDepthGrowth, growth);
        var (context, _) = PatchPlan.ForTile(Holes(masked), Config, 1);
        Assert.Equal(Reference(Holes(masked), 1 + growth), context);
        Assert.Contains((3 * G) + 15, context); // 3 from the single patch, 4 from the box
        Assert.DoesNotContain((3 * G) + 15, Reference(Holes(masked), 1));
    }

    [Fact]
    public void RadiusZero_IsEveryVisiblePatch_WhateverTheDepth()
    {
        var masked = Masked(Box(1, 1, 13, 13));
        var (context, _) = PatchPlan.ForTile(Holes(masked), Config, 0);
        Assert.Equal(Enumerable.Range(0, G * G).Where(i => !masked[i]), context);
    }

    [Theory]
    [InlineData(MaskPolicy.AnyHolePixel)]
    [InlineData(MaskPolicy.MostlyHole)]
    public void ForTile_MatchesABruteForceReadingOfTheRule(MaskPolicy policy)
    {
        var config = Config with { Masking = policy };
        var rng = new Random(5);
        int grown = 0;
        for (int t = 0; t < 300; t++)
        {
            var holes = new int[G * G];
            int shapes = 1 + rng.Next(4);
            for (int k = 0; k < shapes; k++)
            {
                int w = 1 + rng.Next(t % 3 == 0 ? G : 6), h = 1 + rng.Next(t % 3 == 0 ? G : 6);
                int x0 = rng.Next(G - w + 1), y0 = rng.Next(G - h + 1);
                foreach (int i in Box(x0, y0, w, h))
                {
                    holes[i] = 64;
                }
            }

            for (int k = rng.Next(6); k > 0; k--)
            {
                int i = rng.Next(G * G);
                holes[i] = holes[i] == 0 ? 1 + rng.Next(64) : holes[i]; // partly covered patches (visible under MostlyHole when <= 32)
            }

            for (int radius = 0; radius <= 3; radius++)
            {
                var masked = holes.Select(n => PatchPlan.IsMasked(n, config)).ToArray();
                int growth = radius == 0 ? 0 : Math.Clamp(BruteDepth(masked) - PatchPlan.DepthThreshold, 0, PatchPlan.MaxDepthGrowth);
                grown += growth > 0 ? 1 : 0;
                var (context, query) = PatchPlan.ForTile(holes, config, radius);
                Assert.Equal(Enumerable.Range(0, G * G).Where(i => masked[i]), query);
                Assert.Equal(Reference(holes, radius + growth, config), context);
            }
        }

        Assert.True(grown > 50, $"only {grown} plans grew");
    }

    /// <summary>Patches x0 .. x0 + w - 1 of rows y0 .. y0 + h - 1 (patch units).</summary>
    private static int[] Box(int x0, int y0, int w, int h) =>
        [.. from y in Enumerable.Range(y0, h) from x in Enumerable.Range(x0, w) select (y * G) + x];

    private static bool[] Masked(params int[][] boxes)
    {
        var masked = new bool[G * G];
        foreach (int i in boxes.SelectMany(b => b))
        {
            masked[i] = true;
        }

        return masked;
    }

    private static int[] Holes(bool[] masked) => [.. masked.Select(m => m ? Config.PatchSize * Config.PatchSize : 0)];

    private static int Chebyshev(int a, int b) => Math.Max(Math.Abs((a / G) - (b / G)), Math.Abs((a % G) - (b % G)));

    private static int Chebyshev(int a, IEnumerable<int> set) => set.Min(b => Chebyshev(a, b));

    /// <summary>The depth by definition: max over masked patches of the distance to the nearest visible one, less one.</summary>
    private static int BruteDepth(bool[] masked)
    {
        var visible = Enumerable.Range(0, G * G).Where(i => !masked[i]).ToArray();
        var holes = Enumerable.Range(0, G * G).Where(i => masked[i]).ToArray();
        return visible.Length == 0 || holes.Length == 0 ? 0 : holes.Max(m => Chebyshev(m, visible)) - 1;
    }

    /// <summary>The context at a fixed radius: visible patches within it of a patch holding a hole pixel (every visible one at 0).</summary>
    private static int[] Reference(int[] holes, int radius, MaeConfig? config = null)
    {
        config ??= Config;
        var sources = Enumerable.Range(0, G * G).Where(i => holes[i] > 0).ToArray();
        return [.. Enumerable.Range(0, G * G).Where(i => !PatchPlan.IsMasked(holes[i], config) && (radius == 0 || (sources.Length > 0 && Chebyshev(i, sources) <= radius)))];
    }
}
