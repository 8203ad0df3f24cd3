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
        int s = config.ImageSize;
        var mask = FrameTestData.Mask(s, s, (5, 9, 13, 7), (20, 2, 3, 25));
        var kept = RunOneTileFrame(config, mask);
        int keptAnyHole = TileMasking.FromHoleMasks(Tiny with { ContextRadius = radius }, Holes(mask), 1).Keep[0].Length;
        Assert.True(masking == MaskPolicy.AnyHolePixel ? kept.Keep[0].Length == keptAnyHole : kept.Keep[0].Length > keptAnyHole, "partly covered patches");
    }

    [Theory]
    [InlineData(MaskPolicy.AnyHolePixel, 1)]
    [InlineData(MaskPolicy.MostlyHole, 2)]
    public void OneTileFrame_WithADeepHole_MatchesTheTileForward(MaskPolicy masking, int radius)
    {
        // A 128 px tile (16 x 16 patches) with a box in its corner deep enough to grow the context radius and a small
        // hole: the GPU planner keeps the patches PatchPlan (through TileMasking) keeps, grown radius included.
        var decoder = masking == MaskPolicy.MostlyHole ? DecoderKind.Full : DecoderKind.MaskedQueries;
        var config = Tiny with { ImageSize = 128, Masking = masking, Fill = HoleFill.ResidualPushPullBlend, Decoder = decoder, ContextRadius = radius };
        int s = config.ImageSize;
        var mask = FrameTestData.Mask(s, s, (0, 0, 100, 100), (120, 4, 3, 3));
        var holes = PatchPlan.HolePixelsPerPatch(Holes(mask), config);
        Assert.Equal(PatchPlan.MaxDepthGrowth, PatchPlan.Growth([.. holes.Select(h => PatchPlan.IsMasked(h, config))], config.GridSize));
        var kept = RunOneTileFrame(config, mask);
        int g = config.GridSize, grown = radius + PatchPlan.MaxDepthGrowth;
        bool Near(int i, int r) => Enumerable.Range(0, g * g).Any(q => holes[q] > 0 && Math.Abs((q / g) - (i / g)) <= r && Math.Abs((q % g) - (i % g)) <= r);
        Assert.Equal([.. Enumerable.Range(0, g * g).Where(i => !PatchPlan.IsMasked(holes[i], config) && Near(i, grown))], kept.Keep[0]);
        Assert.True(kept.Keep[0].Length > Enumerable.Range(0, g * g).Count(i => !PatchPlan.IsMasked(holes[i], config) && Near(i, radius)));
    }

    private static float[] Holes(byte[] mask) => [.. mask.Select(m => m >= 128 ? 1f : 0f)];

    /// <summary>A frame of exactly one tile through the frame pass equals MaeForward's composite on TileMasking's lists (returned).</summary>
    private TileMasking RunOneTileFrame(MaeConfig config, byte[] mask)
    {
        using var dir = new TempDirectory();
        using var weights = new GpuWeights(Context, WeightFile.Load(TestWeights.WriteRandom(config, seed: 3, dir.Path)));
        int s = config.ImageSize;
        var rgba = FrameTestData.Rgba(s, s, 1);
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
        return kept;
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
        int width = 150, height = 70;
        var mask = FrameTestData.Mask(width, height, (3, 4, 9, 5), (60, 20, 2, 30), (100, 50, 40, 3), (140, 0, 10, 10));
        CheckGpuPlan(config, width, height, overlap, _ => mask);
    }

    [Theory]
    [InlineData(MaskPolicy.AnyHolePixel, 1, 44)]
    [InlineData(MaskPolicy.AnyHolePixel, 2, 16)]
    [InlineData(MaskPolicy.MostlyHole, 1, 0)]
    public void GpuPlan_EqualsPatchPlan_WithDeepHoles(MaskPolicy masking, int radius, int overlap)
    {
        // 128 px tiles (16 x 16 patches), where a hole can be deep enough to grow the context radius: a big box, a
        // tile masked all but its bottom-right corner patch, a band along the frame's top edge (the tiles past the
        // frame repeat it) and across tile borders, small scattered holes. frame_plan's depth (a shared-memory
        // maximum) must grow each tile's radius as PatchPlan does.
        var decoder = masking == MaskPolicy.MostlyHole ? DecoderKind.Full : DecoderKind.MaskedQueries;
        var config = Tiny with { ImageSize = 128, Masking = masking, Decoder = decoder, ContextRadius = radius };
        int width = 340, height = 260;
        var growths = CheckGpuPlan(config, width, height, overlap, grid =>
        {
            var (ox, oy) = grid.Origin(1, 1);
            return FrameTestData.Mask(
                width,
                height,
                (ox, oy, 128, 120),
                (ox, oy + 120, 120, 8),
                (5, 140, 100, 110),
                (150, 0, 190, 60),
                (3, 4, 5, 6),
                (300, 200, 9, 9),
                (230, 240, 30, 4));
        });
        Assert.Contains(PatchPlan.MaxDepthGrowth, growths);
        Assert.Contains(0, growths);
    }

    /// <summary>
    /// Runs a frame (mask from the grid) and checks frame_plan's rows per grid tile (cls + context, masked) against
    /// PatchPlan's on the tile's pixels, edge pixels repeated past the frame; returns each active tile's growth.
    /// </summary>
    private List<int> CheckGpuPlan(MaeConfig config, int width, int height, int overlap, Func<FrameTileGrid, byte[]> makeMask)
    {
        int radius = config.ContextRadius;
        using var dir = new TempDirectory();
        using var weights = new GpuWeights(Context, WeightFile.Load(TestWeights.WriteRandom(config, seed: 7, dir.Path)));
        var rgba = FrameTestData.Rgba(width, height, 3);
        using var inpainter = new ImageInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = width, MaxHeight = height, TileOverlap = overlap, TilesPerPass = 4 });
        var mask = makeMask(inpainter.Frames.GridFor(width, height));
        var output = new byte[rgba.Length];
        inpainter.Inpaint(rgba, mask, width, height, output);
        var growths = new List<int>();

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
                growths.Add(PatchPlan.Growth([.. holes.Select(h => PatchPlan.IsMasked(h, config))], config.GridSize));
            }
        }

        Assert.True(active > 4, "the frame needs several passes of tiles");
        Assert.Equal(active, stats.ActiveTiles);
        return growths;
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
    public void AnySize_KnownPixelsExact_FillIgnoresStaleHoleContent_OnlyTilesWithHolesRun(int width, int height, int overlap)
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

        // The hole pixels: whatever stale colour the input has under a hole must not change the fill (no feathering).
        var scrambled = (byte[])rgba.Clone();
        for (int i = 0; i < width * height; i++)
        {
            if (mask[i] >= 128)
            {
                scrambled[i * 4] ^= 0xA5;
                scrambled[(i * 4) + 1] = (byte)(255 - scrambled[(i * 4) + 1]);
                scrambled[(i * 4) + 2] = 0;
            }
        }

        var again = new byte[rgba.Length];
        inpainter.Inpaint(scrambled, mask, width, height, again);
        Assert.Equal(output, again);
    }

    [Fact]
    public void BundledModel_FillsHolesCloserToTheTruthThanTheMeanOfTheKnownPixels()
    {
        // A smooth scene the trained model must continue into the holes: the hole-only error of its fill must be
        // well below that of the trivial fill (each channel's mean over the known pixels). Measured: 77 times below.
        string model = FindRepoFile(Path.Combine("Samples", "Models", "mae-default.maew"));
        using var weights = new GpuWeights(Context, WeightFile.Load(model));
        int w = 160, h = 112;
        var rgba = new byte[w * h * 4];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int i = ((y * w) + x) * 4;
                rgba[i] = (byte)(40 + (180 * x / (w - 1)));
                rgba[i + 1] = (byte)(60 + (120 * y / (h - 1)));
                rgba[i + 2] = (byte)(128 + (int)(50 * Math.Sin((x + (2 * y)) / 25.0)));
                rgba[i + 3] = 255;
            }
        }

        var mask = FrameTestData.Mask(w, h, (30, 20, 18, 18), (100, 60, 24, 14), (60, 80, 40, 6));
        using var inpainter = new ImageInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = w, MaxHeight = h });
        var output = new byte[rgba.Length];
        inpainter.Inpaint(rgba, mask, w, h, output);

        var mean = new double[3];
        int known = 0;
        for (int i = 0; i < w * h; i++)
        {
            if (mask[i] < 128)
            {
                known++;
                for (int c = 0; c < 3; c++)
                {
                    mean[c] += rgba[(i * 4) + c];
                }
            }
        }

        double modelSq = 0, meanSq = 0;
        for (int i = 0; i < w * h; i++)
        {
            if (mask[i] >= 128)
            {
                for (int c = 0; c < 3; c++)
                {
                    double truth = rgba[(i * 4) + c];
                    modelSq += Math.Pow(output[(i * 4) + c] - truth, 2);
                    meanSq += Math.Pow((mean[c] / known) - truth, 2);
                }
            }
        }

        Assert.True(modelSq < meanSq / 10, $"hole squared error: model {modelSq:E3}, mean fill {meanSq:E3}");
    }

    private static string FindRepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}.");
    }
}
