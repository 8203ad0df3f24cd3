using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Tests.Gpu;

namespace MaeRealtime.Runtime.Tests.Frames;

/// <summary>HDR and non-finite input, empty and full masks, passes of any size, and every rejected input.</summary>
public sealed class FrameEdgeCaseTests(GpuFixture fixture) : GpuTest(fixture)
{
    private static readonly MaeConfig Tiny = MaeConfigPresets.Get("tiny");

    [Fact]
    public void HdrFrame_NonFinitePixelsAreFilled_KnownPixelsBitExact()
    {
        using var dir = new TempDirectory();
        using var weights = Weights(dir);
        int w = 70, h = 45;
        var random = new Random(4);
        var rgba = new Half[w * h * 4];
        for (int i = 0; i < rgba.Length; i++)
        {
            rgba[i] = (Half)(random.NextDouble() * 6); // scene-referred values well above 1
        }

        // Unmasked poison: NaN, +Inf and -Inf pixels must be treated as holes and never reach the output.
        int[] poisoned = [5, (20 * w) + 33, (44 * w) + 69];
        rgba[poisoned[0] * 4] = Half.NaN;
        rgba[(poisoned[1] * 4) + 1] = Half.PositiveInfinity;
        rgba[(poisoned[2] * 4) + 2] = Half.NegativeInfinity;
        var mask = FrameTestData.Mask(w, h, (10, 10, 12, 9));
        using var inpainter = new ImageInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = w, MaxHeight = h });
        var output = new Half[rgba.Length];
        inpainter.Inpaint(rgba, mask, w, h, output);

        Assert.All(output, v => Assert.True(Half.IsFinite(v), "non-finite value in the output"));
        for (int i = 0; i < w * h; i++)
        {
            bool hole = mask[i] >= 128 || poisoned.Contains(i);
            if (!hole)
            {
                Assert.True(rgba.AsSpan(i * 4, 4).SequenceEqual(output.AsSpan(i * 4, 4)), $"known HDR pixel {i} changed");
            }
            else
            {
                for (int c = 0; c < 3; c++)
                {
                    Assert.InRange((float)output[(i * 4) + c], 0f, 1023f);
                }
            }
        }
    }

    [Fact]
    public void NoHoles_CopiesTheFrame_RunsNoTile()
    {
        using var dir = new TempDirectory();
        using var weights = Weights(dir);
        var rgba = FrameTestData.Rgba(100, 60, 3);
        using var inpainter = new ImageInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = 100, MaxHeight = 60 });
        var output = new byte[rgba.Length];
        inpainter.Inpaint(rgba, new byte[100 * 60], 100, 60, output);
        Assert.Equal(rgba, output);
        Assert.Equal(0, inpainter.Frames.LatestStats!.ActiveTiles);
    }

    [Fact]
    public void AllHoles_EveryPixelFilledFromNothing_EveryTileRuns()
    {
        using var dir = new TempDirectory();
        using var weights = Weights(dir);
        var rgba = FrameTestData.Rgba(50, 40, 3);
        var mask = Enumerable.Repeat((byte)255, 50 * 40).ToArray();
        using var inpainter = new ImageInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = 50, MaxHeight = 40 });
        var output = new byte[rgba.Length];
        inpainter.Inpaint(rgba, mask, 50, 40, output);
        var stats = inpainter.Frames.LatestStats!;
        Assert.Equal(stats.Grid.Count, stats.ActiveTiles);
        Assert.NotEqual(rgba, output);
    }

    [Theory]
    [InlineData(KernelFamily.Cpu)]
    [InlineData(KernelFamily.Tiled)]
    public void TilesPerPass_DoesNotChangeTheResult(KernelFamily family)
    {
        using var dir = new TempDirectory();
        using var weights = Weights(dir);
        int w = 150, h = 90;
        var rgba = FrameTestData.Rgba(w, h, 5);
        var mask = FrameTestData.Mask(w, h, (3, 3, 140, 4), (70, 10, 6, 75), (120, 60, 25, 25));
        byte[] Run(int perPass)
        {
            using var inpainter = new ImageInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = w, MaxHeight = h, TilesPerPass = perPass, Kernels = family });
            var output = new byte[rgba.Length];
            inpainter.Inpaint(rgba, mask, w, h, output);
            Assert.Equal(family, inpainter.Frames.KernelFamily);
            Assert.True(inpainter.Frames.LatestStats!.ActiveTiles > perPass || perPass > 1);
            return output;
        }

        var one = Run(1);
        var many = Run(64);
        for (int i = 0; i < one.Length; i++)
        {
            Assert.True(Math.Abs(one[i] - many[i]) <= 1, $"byte {i}: {one[i]} with 1 tile per pass, {many[i]} with 64");
        }
    }

    [Fact]
    public void Feathering_BlendsTheInputsOwnHoleContentNearTheBorderOnly()
    {
        using var dir = new TempDirectory();
        using var weights = Weights(dir);
        int w = 64, h = 64;
        var rgba = FrameTestData.Rgba(w, h, 6);
        var mask = FrameTestData.Mask(w, h, (16, 16, 30, 30));
        byte[] Run(int feather)
        {
            using var inpainter = new ImageInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = w, MaxHeight = h, FeatherRadius = feather });
            var output = new byte[rgba.Length];
            inpainter.Inpaint(rgba, mask, w, h, output);
            return output;
        }

        var plain = Run(0);
        var feathered = Run(4);
        int Pixel(int x, int y) => ((y * w) + x) * 4;
        // Next to the border (distance 1 of 5): mostly the input; in the middle (distance 15): the plain fill.
        int edge = Pixel(16, 30), middle = Pixel(31, 31);
        Assert.True(Math.Abs(feathered[edge] - rgba[edge]) < Math.Abs(plain[edge] - rgba[edge]) || plain[edge] == rgba[edge]);
        Assert.Equal(plain.AsSpan(middle, 4).ToArray(), feathered.AsSpan(middle, 4).ToArray());
    }

    [Fact]
    public void BadInput_IsRejectedWithAMessageThatNamesIt()
    {
        using var dir = new TempDirectory();
        using var weights = Weights(dir);
        void Rejects(Action action, string fragment) => Assert.Contains(fragment, Assert.Throws<ArgumentException>(action).Message, StringComparison.Ordinal);

        Rejects(() => new FrameInpainter(Context, weights, new FrameInpainterOptions { TileOverlap = 3 }), "Tile overlap 3");
        Rejects(() => new FrameInpainter(Context, weights, new FrameInpainterOptions { TileOverlap = 24 }), "half the model's 32-pixel tile");
        Rejects(() => new FrameInpainter(Context, weights, new FrameInpainterOptions { FeatherRadius = 17 }), "Feather radius 17");
        Rejects(() => new FrameInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = 1 << 20 }), "maxImageDimension2D");
        Rejects(() => new FrameInpainter(Context, weights, new FrameInpainterOptions { MaxHeight = 0 }), "Frame size");

        using var inpainter = new ImageInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = 40, MaxHeight = 40 });
        var rgba = FrameTestData.Rgba(40, 40, 1);
        var output = new byte[rgba.Length];
        Rejects(() => inpainter.Inpaint(rgba, new byte[40 * 40], 0, 40, output), "0x40");
        Rejects(() => inpainter.Inpaint(rgba, new byte[39 * 40], 40, 40, output), "mask of a 40x40 frame needs 1600 bytes; found 1560");
        Rejects(() => inpainter.Inpaint(rgba, new byte[40 * 40], 40, 40, new byte[10]), "output");
        var big = FrameTestData.Rgba(41, 40, 1);
        Rejects(() => inpainter.Inpaint(big, new byte[41 * 40], 41, 40, new byte[big.Length]), "exceeds the 40x40");

        var frame = new FrameImages
        {
            Width = 10,
            Height = 10,
            Color = new Silk.NET.Vulkan.Image(1),
            ColorFormat = FrameColorFormat.Rgba8Unorm,
            Mask = new Silk.NET.Vulkan.Image(2),
            Output = new Silk.NET.Vulkan.Image(3),
            OutputFormat = FrameColorFormat.Rgba16Float,
        };
        var cmd = new Silk.NET.Vulkan.CommandBuffer(1);
        Rejects(() => inpainter.Frames.Record(cmd, frame), "both must be 8-bit or both Rgba16Float");
        Rejects(() => inpainter.Frames.Record(cmd, frame with { OutputFormat = FrameColorFormat.Rgba8Unorm, Output = frame.Color }), "another image than Color");
        Rejects(() => inpainter.Frames.Record(cmd, frame with { OutputFormat = FrameColorFormat.Rgba8Unorm, Reconstruction = new Silk.NET.Vulkan.Image(4) }), "without FrameInpainterOptions.Reconstruction");
        Rejects(() => inpainter.Frames.Record(cmd, frame with { OutputFormat = FrameColorFormat.Rgba8Unorm, MaskFormat = Silk.NET.Vulkan.Format.R16Sfloat }), "Mask format");
        Rejects(() => inpainter.Frames.Record(default, frame), "command buffer");
    }

    private GpuWeights Weights(TempDirectory dir) => new(Context, WeightFile.Load(TestWeights.WriteRandom(Tiny, seed: 8, dir.Path)));
}
