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

        // The same frame encoded as the pass encodes HDR (Reinhard, then sRGB), as 8-bit pixels, with the poisoned
        // pixels as holes: the model sees the same values (up to 8-bit rounding), so the HDR fill, encoded the same
        // way, must match the 8-bit fill. This checks the encode, the decode and that they are inverses. Measured:
        // at most 0.52 of 255 apart (input and output rounding to 8 bits).
        var encoded = new byte[w * h * 4];
        var mask8 = (byte[])mask.Clone();
        foreach (int p in poisoned)
        {
            mask8[p] = 255;
        }

        for (int i = 0; i < w * h; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                float x = (float)rgba[(i * 4) + c];
                encoded[(i * 4) + c] = (byte)MathF.Round(Encode(float.IsFinite(x) ? x : 0) * 255);
            }

            encoded[(i * 4) + 3] = 255;
        }

        var filled8 = new byte[encoded.Length];
        inpainter.Inpaint(encoded, mask8, w, h, filled8);
        double worst = 0;
        int holes = 0;
        for (int i = 0; i < w * h; i++)
        {
            bool hole = mask8[i] >= 128;
            if (!hole)
            {
                Assert.True(rgba.AsSpan(i * 4, 4).SequenceEqual(output.AsSpan(i * 4, 4)), $"known HDR pixel {i} changed");
                continue;
            }

            holes++;
            for (int c = 0; c < 3; c++)
            {
                double d = Math.Abs((Encode((float)output[(i * 4) + c]) * 255) - filled8[(i * 4) + c]);
                worst = Math.Max(worst, d);
            }
        }

        Assert.True(holes > 100);
        Assert.True(worst <= 1.5, $"HDR fill, re-encoded, differs from the 8-bit fill by up to {worst:F2} of 255");
    }

    /// <summary>The pass's HDR encoding (docs/INTEGRATION.md section 9): sRGB(x / (1 + x)), negatives clamped to 0.</summary>
    private static float Encode(float x)
    {
        float r = Math.Max(x, 0) / (1 + Math.Max(x, 0));
        return r <= 0.0031308f ? 12.92f * r : (1.055f * MathF.Pow(r, 1 / 2.4f)) - 0.055f;
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

        // With nothing known the fill cannot depend on the input's colours: another frame gives the same RGB.
        // Alpha is the input's everywhere.
        var other = FrameTestData.Rgba(50, 40, 11);
        var otherOutput = new byte[other.Length];
        inpainter.Inpaint(other, mask, 50, 40, otherOutput);
        int differing = 0;
        for (int i = 0; i < 50 * 40; i++)
        {
            Assert.True(output.AsSpan(i * 4, 3).SequenceEqual(otherOutput.AsSpan(i * 4, 3)), $"pixel {i}: the fill depends on hole content");
            Assert.Equal(rgba[(i * 4) + 3], output[(i * 4) + 3]);
            Assert.Equal(other[(i * 4) + 3], otherOutput[(i * 4) + 3]);
            differing += output.AsSpan(i * 4, 3).SequenceEqual(rgba.AsSpan(i * 4, 3)) ? 0 : 1;
        }

        Assert.True(differing > 50 * 40 * 9 / 10, $"only {differing} of {50 * 40} pixels were filled with anything but the input");
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
        var good = frame with { OutputFormat = FrameColorFormat.Rgba8Unorm };
        Rejects(() => inpainter.Frames.Record(cmd, good with { Depth = new Silk.NET.Vulkan.Image(5), DepthFormat = Silk.NET.Vulkan.Format.R16Sfloat }), "Depth format R16Sfloat");
        Rejects(() => inpainter.Frames.Record(cmd, good with { Depth = new Silk.NET.Vulkan.Image(5), DepthFormat = Silk.NET.Vulkan.Format.R32Sfloat, DepthLayout = Silk.NET.Vulkan.ImageLayout.DepthStencilReadOnlyOptimal }), "a colour image is sampled");
        Rejects(() => inpainter.Frames.Record(cmd, good with { Depth = new Silk.NET.Vulkan.Image(5), DepthLayout = Silk.NET.Vulkan.ImageLayout.TransferSrcOptimal }), "Depth layout TransferSrcOptimal");
        Rejects(() => inpainter.Frames.Record(cmd, good with { Motion = new Silk.NET.Vulkan.Image(6), MotionFormat = Silk.NET.Vulkan.Format.R8G8Unorm }), "Motion format R8G8Unorm");
        Rejects(() => inpainter.Frames.Record(cmd, good with { Depth = good.Output }), "Depth must be another image");
        Rejects(() => inpainter.Frames.Record(cmd, good with { Motion = good.Output }), "Motion must be another image");
        Rejects(() => inpainter.Frames.Record(cmd, good with { Flags = (FrameFlags)0x30 }), "unknown bits 0x30");
        Rejects(() => inpainter.Frames.Record(default, frame), "command buffer");
    }

    private GpuWeights Weights(TempDirectory dir) => new(Context, WeightFile.Load(TestWeights.WriteRandom(Tiny, seed: 8, dir.Path)));
}
