using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Tests.Gpu;

namespace MaeRealtime.Runtime.Tests.Frames;

/// <summary>The frame pass on whole frames: parity with the tile forward, exact known pixels, planning, any size.</summary>
public sealed class FrameInpainterTests(GpuFixture fixture) : GpuTest(fixture)
{
    private static readonly MaeConfig Tiny = MaeConfigPresets.Get("tiny");

    [Theory]
    [InlineData(MaskPolicy.AnyHolePixel, HoleFill.Prediction, DecoderKind.Full, 0)]
    [InlineData(MaskPolicy.MostlyHole, HoleFill.ResidualPushPull, DecoderKind.Full, 0)]
    [InlineData(MaskPolicy.AnyHolePixel, HoleFill.ResidualPushPullBlend, DecoderKind.Full, 0)]
    [InlineData(MaskPolicy.MostlyHole, HoleFill.Prediction, DecoderKind.Full, 1)]
    [InlineData(MaskPolicy.AnyHolePixel, HoleFill.ResidualPushPullBlend, DecoderKind.MaskedQueries, 1)]
    [InlineData(MaskPolicy.AnyHolePixel, HoleFill.Prediction, DecoderKind.MaskedQueries, 0)]
    public void OneTileFrame_MatchesTheTileForward(MaskPolicy masking, HoleFill fill, DecoderKind decoder, int radius)
    {
        // A frame of exactly one tile is one model pass: the fill must equal MaeForward's composite, so the GPU planner
        // keeps the same patches as TileMasking (under both policies: the holes cut patches partly; with a radius).
        var config = Tiny with { Masking = masking, Fill = fill, Decoder = decoder, ContextRadius = radius };
        using var dir = new TempDirectory();
        using var weights = new GpuWeights(Context, WeightFile.Load(TestWeights.WriteRandom(config, seed: 3, dir.Path)));
        int s = config.ImageSize;
        var rgba = FrameTestData.Rgba(s, s, 1);
        var mask = FrameTestData.Mask(s, s, (5, 9, 13, 7), (20, 2, 3, 25));
        using var inpainter = new ImageInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = s, MaxHeight = s, TileOverlap = 0 });
        var output = new byte[rgba.Length];
        inpainter.Inpaint(rgba, mask, s, s, output);

        var images = new float[s * s * 3];
        var holes = new float[s * s];
        for (int i = 0; i < s * s; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                images[(i * 3) + c] = rgba[(i * 4) + c] / 255f;
            }

            holes[i] = mask[i] >= 128 ? 1 : 0;
        }

        using var forward = new MaeForward(Context, weights, 1);
        var expected = new float[images.Length];
        var kept = TileMasking.FromHoleMasks(config, holes, 1);
        int keptAnyHole = TileMasking.FromHoleMasks(Tiny with { ContextRadius = radius }, holes, 1).Keep[0].Length;
        Assert.True(masking == MaskPolicy.AnyHolePixel ? kept.Keep[0].Length == keptAnyHole : kept.Keep[0].Length > keptAnyHole, "partly covered patches");
        forward.Run(images, holes, kept, expected);
        for (int i = 0; i < s * s; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                int want = (int)MathF.Round(Math.Clamp(expected[(i * 3) + c], 0, 1) * 255);
                Assert.True(Math.Abs(output[(i * 4) + c] - want) <= 1, $"pixel {i} channel {c}: frame {output[(i * 4) + c]}, tile forward {want}");
            }
        }

        Assert.Equal(1, inpainter.Frames.LatestStats!.ActiveTiles);
    }

    [Theory]
    [InlineData(DecoderKind.Full, 0, 8)]
    [InlineData(DecoderKind.MaskedQueries, 1, 8)]
    [InlineData(DecoderKind.MaskedQueries, 2, 12)]
    [InlineData(DecoderKind.Full, 3, 0)]
    public void GpuPlan_EqualsPatchPlan_OnEveryTile(DecoderKind decoder, int radius, int overlap)
    {
        // The one planning rule: frame_plan's rows per grid tile (cls + context, masked) are PatchPlan's on the tile's
        // pixels, edge pixels repeated past the frame.
        var config = Tiny with { Decoder = decoder, ContextRadius = radius };
        using var dir = new TempDirectory();
        using var weights = new GpuWeights(Context, WeightFile.Load(TestWeights.WriteRandom(config, seed: 7, dir.Path)));
        int width = 150, height = 70;
        var rgba = FrameTestData.Rgba(width, height, 3);
        var mask = FrameTestData.Mask(width, height, (3, 4, 9, 5), (60, 20, 2, 30), (100, 50, 40, 3), (140, 0, 10, 10));
        using var inpainter = new ImageInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = width, MaxHeight = height, TileOverlap = overlap, TilesPerPass = 4 });
        var output = new byte[rgba.Length];
        inpainter.Inpaint(rgba, mask, width, height, output);

        var stats = inpainter.Frames.LatestStats!;
        var grid = stats.Grid;
        int s = config.ImageSize, p = config.PatchSize;
        int active = 0;
        for (int gy = 0; gy < grid.TilesY; gy++)
        {
            for (int gx = 0; gx < grid.TilesX; gx++)
            {
                var (ox, oy) = grid.Origin(gx, gy);
                var tileMask = new float[s * s];
                for (int y = 0; y < s; y++)
                {
                    for (int x = 0; x < s; x++)
                    {
                        tileMask[(y * s) + x] = mask[(Math.Clamp(oy + y, 0, height - 1) * width) + Math.Clamp(ox + x, 0, width - 1)] >= 128 ? 1 : 0;
                    }
                }

                var holes = PatchPlan.HolePixelsPerPatch(tileMask, config);
                int tile = (gy * grid.TilesX) + gx;
                if (holes.All(h => h == 0))
                {
                    Assert.Equal(0, stats.EncoderRows[tile]);
                    Assert.Equal(-1, stats.TileSlots[tile]);
                    continue;
                }

                var (context, query) = PatchPlan.ForTile(holes, config, radius);
                Assert.Equal(1 + context.Length, stats.EncoderRows[tile]);
                Assert.Equal(query.Length, stats.QueryRows[tile]);
                Assert.Equal(active++, stats.TileSlots[tile]); // slots in grid order: the plan never depends on scheduling
            }
        }

        Assert.True(active > 4, "the frame needs several passes of tiles");
        Assert.Equal(active, stats.ActiveTiles);
    }

    [Fact]
    public void SameFrame_GivesTheSameBytes_EveryFrameAndEveryRun()
    {
        // Overlapping fills are summed in slot order, and slots follow the grid: bit-exact repeatability.
        var config = Tiny with { Fill = HoleFill.ResidualPushPullBlend, Decoder = DecoderKind.MaskedQueries, ContextRadius = 1 };
        using var dir = new TempDirectory();
        using var weights = new GpuWeights(Context, WeightFile.Load(TestWeights.WriteRandom(config, seed: 8, dir.Path)));
        int width = 120, height = 90;
        var rgba = FrameTestData.Rgba(width, height, 4);
        var mask = FrameTestData.Mask(width, height, (10, 10, 30, 6), (50, 30, 5, 40), (80, 70, 35, 15));
        var first = new byte[rgba.Length];
        var again = new byte[rgba.Length];
        var options = new FrameInpainterOptions { MaxWidth = width, MaxHeight = height, TilesPerPass = 3 };
        using (var inpainter = new ImageInpainter(Context, weights, options))
        {
            inpainter.Inpaint(rgba, mask, width, height, first);
            Assert.NotEqual(rgba, first); // holes were filled
            for (int frame = 0; frame < 4; frame++)
            {
                inpainter.Inpaint(rgba, mask, width, height, again);
                Assert.Equal(first, again);
            }
        }

        using var fresh = new ImageInpainter(Context, weights, options);
        fresh.Inpaint(rgba, mask, width, height, again);
        Assert.Equal(first, again);
    }

    [Theory]
    [InlineData(203, 77, 8)]
    [InlineData(1, 1, 8)]
    [InlineData(33, 1, 4)]
    [InlineData(96, 64, 16)]
    public void AnySize_KnownPixelsExact_HolesFilled_OnlyTilesWithHolesRun(int width, int height, int overlap)
    {
        using var dir = new TempDirectory();
        using var weights = new GpuWeights(Context, WeightFile.Load(TestWeights.WriteRandom(Tiny, seed: 5, dir.Path)));
        var rgba = FrameTestData.Rgba(width, height, 2);
        var mask = FrameTestData.Mask(width, height, (width / 3, height / 4, Math.Max(1, width / 5), Math.Max(1, height / 3)));
        using var inpainter = new ImageInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = 256, MaxHeight = 128, TileOverlap = overlap, TilesPerPass = 3 });
        var output = new byte[rgba.Length];
        inpainter.Inpaint(rgba, mask, width, height, output);

        int holes = 0;
        for (int i = 0; i < width * height; i++)
        {
            if (mask[i] < 128)
            {
                Assert.True(rgba.AsSpan(i * 4, 4).SequenceEqual(output.AsSpan(i * 4, 4)), $"known pixel {i} changed");
            }
            else
            {
                holes++;
                Assert.Equal(rgba[(i * 4) + 3], output[(i * 4) + 3]); // alpha kept
            }
        }

        Assert.True(holes > 0);
        var stats = inpainter.Frames.LatestStats!;
        Assert.Equal(FrameTestData.ExpectedActiveTiles(inpainter.Frames.GridFor(width, height), mask), stats.ActiveTiles);
        Assert.Equal(stats.ActiveTiles, stats.TileSlots.ToArray().Count(s => s >= 0));
    }
}
