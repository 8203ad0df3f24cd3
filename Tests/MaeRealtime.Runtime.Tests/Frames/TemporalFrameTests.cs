using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Tests.Gpu;

namespace MaeRealtime.Runtime.Tests.Frames;

/// <summary>
/// The temporal path (history, motion vectors, depth) on CPU-side frames: what the history may and may not change,
/// checked against the same pass without it.
/// </summary>
public sealed class TemporalFrameTests(GpuFixture fixture) : GpuTest(fixture)
{
    private const int W = 96, H = 64;
    private static readonly MaeConfig Tiny = MaeConfigPresets.Get("tiny") with { Fill = HoleFill.ResidualPushPullBlend, Decoder = DecoderKind.MaskedQueries, ContextRadius = 1 };

    [Fact]
    public void FirstFrameAndCameraCut_AreFilledAsWithoutHistory()
    {
        using var setup = new Setup(Context, history: true);
        using var plain = new Setup(Context, history: false);
        var rgba = FrameTestData.Rgba(W, H, 3);
        var maskA = FrameTestData.Mask(W, H, (20, 20, 12, 10));
        var maskB = FrameTestData.Mask(W, H, (50, 30, 14, 12));

        Assert.Equal(plain.Fill(rgba, maskA), setup.Fill(rgba, maskA));
        Assert.Equal(plain.Fill(rgba, maskB), setup.Fill(rgba, maskB, flags: FrameFlags.CameraCut));

        // The same frame again without a cut does use the history (the pixels of B were holes last frame too, so
        // the fill is the mean of two equal predictions; fp16 history rounds at most a level).
        var again = setup.Fill(rgba, maskB);
        AssertClose(plain.Fill(rgba, maskB), again, maskB, 1);
    }

    [Fact]
    public void SizeChange_DropsTheHistory()
    {
        using var setup = new Setup(Context, history: true);
        using var plain = new Setup(Context, history: false);
        var big = FrameTestData.Rgba(W, H, 3);
        setup.Fill(big, new byte[W * H]);

        // A smaller frame: its pixel indices do not match the history's; it is filled as a first frame.
        int w = W - 16, h = H - 16;
        var small = FrameTestData.Rgba(w, h, 3);
        var mask = FrameTestData.Mask(w, h, (20, 20, 12, 10));
        Assert.Equal(plain.Fill(small, mask, w, h), setup.Fill(small, mask, w, h));
    }

    [Fact]
    public void StaticCamera_HoleOverPixelsSeenLastFrame_KeepsWhatWasSeen()
    {
        using var setup = new Setup(Context, history: true);
        using var plain = new Setup(Context, history: false);
        var rgba = FrameTestData.Rgba(W, H, 5);
        var first = FrameTestData.Mask(W, H, (10, 10, 12, 12));
        var second = FrameTestData.Mask(W, H, (40, 20, 16, 14));
        setup.Fill(rgba, first);
        var withHistory = setup.Fill(rgba, second);
        var prediction = plain.Fill(rgba, second);

        // Seen last frame: the history counts HistoryFrames (8) against one new prediction.
        var expected = Blend(rgba, prediction, second, 8);
        AssertClose(expected, withHistory, second, 1);
        Assert.True(HoleError(withHistory, rgba, second) < HoleError(prediction, rgba, second) / 3, "history should bring the fill close to what was seen");
        AssertKnownExact(rgba, withHistory, second);
    }

    [Fact]
    public void HdrFrames_HistoryKeepsWhatWasSeen_InSceneReferredValues()
    {
        var random = new Random(9);
        var rgba = new Half[W * H * 4];
        for (int i = 0; i < rgba.Length; i++)
        {
            rgba[i] = (Half)(random.NextDouble() * 6); // well above 1
        }

        var hole = FrameTestData.Mask(W, H, (40, 20, 16, 14));
        var withHistory = new Half[rgba.Length];
        var prediction = new Half[rgba.Length];
        using (var setup = new Setup(Context, history: true))
        {
            setup.Inpainter.Inpaint(rgba, new byte[W * H], W, H, withHistory);
            setup.Inpainter.Inpaint(rgba, hole, W, H, withHistory);
        }

        using (var plain = new Setup(Context, history: false))
        {
            plain.Inpainter.Inpaint(rgba, hole, W, H, prediction);
        }

        // Encoded as the pass encodes HDR, the history's fill is (8 x seen + prediction) / 9: compare in that space.
        static double Encode(Half v)
        {
            double x = Math.Max(0, (double)v), y = x / (1 + x);
            return y <= 0.0031308 ? 12.92 * y : (1.055 * Math.Pow(y, 1 / 2.4)) - 0.055;
        }

        double error = 0, baseline = 0;
        int n = 0;
        for (int i = 0; i < W * H; i++)
        {
            if (hole[i] < 128)
            {
                Assert.Equal(rgba.AsSpan(i * 4, 4).ToArray(), withHistory.AsSpan(i * 4, 4).ToArray());
                continue;
            }

            for (int c = 0; c < 3; c++)
            {
                double seen = Encode(rgba[(i * 4) + c]), predicted = Encode(prediction[(i * 4) + c]);
                error += Math.Abs(Encode(withHistory[(i * 4) + c]) - (((8 * seen) + predicted) / 9));
                baseline += Math.Abs(predicted - seen);
                n++;
            }
        }

        Assert.True(error / n < 0.003, $"mean encoded error {error / n:F4} against the blend of seen and predicted");
        Assert.True(baseline / n > 0.05, "the prediction alone should be far from what was seen (else the test shows nothing)");
    }

    [Theory]
    [InlineData(FrameFlags.None)]
    [InlineData(FrameFlags.MotionTowardsCurrent)]
    public void Pan_HistoryFollowsTheMotionVectors(FrameFlags convention)
    {
        using var setup = new Setup(Context, history: true);
        using var plain = new Setup(Context, history: false);
        int dx = 3, dy = -2;
        var world = FrameTestData.Rgba(W + 8, H + 8, 7);
        var previous = Window(world, W + 8, 2, 4);
        var current = Window(world, W + 8, 2 + dx, 4 + dy); // current(p) = previous(p + (dx, dy))
        var motion = new float[W * H * 2];
        float sign = convention == FrameFlags.MotionTowardsCurrent ? -1 : 1;
        for (int i = 0; i < W * H; i++)
        {
            motion[2 * i] = sign * dx;
            motion[(2 * i) + 1] = sign * dy;
        }

        var hole = FrameTestData.Mask(W, H, (30, 20, 16, 14));
        setup.Fill(previous, FrameTestData.Mask(W, H, (70, 40, 8, 8)), motion: motion, flags: convention);
        var filled = setup.Fill(current, hole, motion: motion, flags: convention);
        var expected = Blend(current, plain.Fill(current, hole), hole, 8);
        AssertClose(expected, filled, hole, 1);

        // Without the motion vectors the history lands 3 px off: clearly worse than with them.
        using var still = new Setup(Context, history: true);
        still.Fill(previous, FrameTestData.Mask(W, H, (70, 40, 8, 8)));
        Assert.True(HoleError(filled, current, hole) < HoleError(still.Fill(current, hole), current, hole) / 2);
    }

    [Fact]
    public void Depth_RejectsHistoryThatWasTheOccluder_AndWithholdsTheOccluderFromTheFill()
    {
        // Background at inverse depth 0.1 (standard depth 0.9); a foreground square (depth 0.5) stands left of the hole.
        var rgba = FrameTestData.Rgba(W, H, 11);
        var depth = new float[W * H];
        Array.Fill(depth, 0.9f);
        var occluder = (X: 22, Y: 24, W: 10, H: 12);
        Paint(rgba, depth, occluder, (250, 20, 20), 0.5f);
        var hole = FrameTestData.Mask(W, H, (32, 24, 12, 12));

        using var withDepth = new Setup(Context, history: false);
        using var withoutDepth = new Setup(Context, history: false);
        var fillDepth = withDepth.Fill(rgba, hole, depth: depth);
        var fillPlain = withoutDepth.Fill(rgba, hole);
        AssertKnownExact(rgba, fillDepth, hole);

        // Recolour the occluder: without depth the fill follows it; with depth the occluder is withheld and the fill does not move.
        var recoloured = (byte[])rgba.Clone();
        Paint(recoloured, depth, occluder, (20, 20, 250), 0.5f);
        Assert.Equal(fillDepth, Holes(withDepth.Fill(recoloured, hole, depth: depth), hole, fillDepth));
        Assert.NotEqual(fillPlain, Holes(withoutDepth.Fill(recoloured, hole), hole, fillPlain));

        // History: last frame the occluder stood where the hole is now (it moved left and revealed the background).
        var before = FrameTestData.Rgba(W, H, 11);
        var beforeDepth = new float[W * H];
        Array.Fill(beforeDepth, 0.9f);
        Paint(before, beforeDepth, (32, 24, 12, 12), (250, 20, 20), 0.5f);
        using var temporal = new Setup(Context, history: true);
        temporal.Fill(before, new byte[W * H], depth: beforeDepth);
        var rejected = temporal.Fill(rgba, hole, depth: depth);
        Assert.Equal(fillDepth, rejected); // the occluder's colour never enters the hole

        using var blind = new Setup(Context, history: true);
        blind.Fill(before, new byte[W * H]);
        var ghost = blind.Fill(rgba, hole);
        Assert.True(HoleError(ghost, rgba, hole) > HoleError(rejected, rgba, hole), "without depth the occluder's colour ghosts into the hole");
    }

    [Fact]
    public void Motion_RejectsHistoryThatMovedDifferently_FromWhatTheHoleHides()
    {
        // Last frame an object moving 5 px a frame stood where the hole is now; the background (and the hole) do not move.
        var rgba = FrameTestData.Rgba(W, H, 13);
        var hole = FrameTestData.Mask(W, H, (40, 20, 14, 12));
        var still = new float[W * H * 2];
        var moving = new float[W * H * 2];
        for (int y = 20; y < 32; y++)
        {
            for (int x = 40; x < 54; x++)
            {
                moving[2 * ((y * W) + x)] = -5; // previous = p + motion: it came from 5 px to the left
            }
        }

        using var plain = new Setup(Context, history: false);
        var prediction = plain.Fill(rgba, hole, motion: still);

        using var rejecting = new Setup(Context, history: true);
        rejecting.Fill(rgba, new byte[W * H], motion: moving);
        Assert.Equal(prediction, rejecting.Fill(rgba, hole, motion: still));

        // The same history with the same motion as now is taken (control).
        using var taking = new Setup(Context, history: true);
        taking.Fill(rgba, new byte[W * H], motion: still);
        AssertClose(Blend(rgba, prediction, hole, 8), taking.Fill(rgba, hole, motion: still), hole, 1);
    }

    [Fact]
    public void BadInputs_AreRefusedByName()
    {
        using var setup = new Setup(Context, history: true);
        var rgba = FrameTestData.Rgba(W, H, 1);
        var mask = FrameTestData.Mask(W, H, (5, 5, 5, 5));
        var e = Assert.Throws<ArgumentException>(() => setup.Fill(rgba, mask, depth: new float[10]));
        Assert.Contains("depth", e.Message);
        e = Assert.Throws<ArgumentException>(() => setup.Fill(rgba, mask, flags: (FrameFlags)0x100));
        Assert.Contains("Flags", e.Message);
        Assert.Throws<ArgumentException>(() => new FrameInpainterOptions { HistoryFrames = 0 } is var o && new FrameInpainter(Context, setup.Weights, o) is not null);
        Assert.Throws<ArgumentException>(() => new FrameInpainterOptions { DepthTolerance = float.NaN } is var o && new FrameInpainter(Context, setup.Weights, o) is not null);
    }

    private static byte[] Blend(byte[] truth, byte[] prediction, byte[] mask, int historyFrames)
    {
        var result = (byte[])prediction.Clone();
        for (int i = 0; i < mask.Length; i++)
        {
            if (mask[i] >= 128)
            {
                for (int c = 0; c < 3; c++)
                {
                    result[(i * 4) + c] = (byte)Math.Round(((historyFrames * truth[(i * 4) + c]) + prediction[(i * 4) + c]) / (historyFrames + 1.0));
                }
            }
        }

        return result;
    }

    private static void AssertClose(byte[] expected, byte[] actual, byte[] mask, int tolerance)
    {
        for (int i = 0; i < mask.Length; i++)
        {
            for (int c = 0; c < 4; c++)
            {
                int d = Math.Abs(expected[(i * 4) + c] - actual[(i * 4) + c]);
                Assert.True(d <= tolerance, $"pixel {i % W},{i / W} channel {c}: expected {expected[(i * 4) + c]}, found {actual[(i * 4) + c]} (hole: {mask[i] >= 128})");
            }
        }
    }

    private static void AssertKnownExact(byte[] input, byte[] output, byte[] mask)
    {
        for (int i = 0; i < mask.Length; i++)
        {
            if (mask[i] < 128)
            {
                Assert.True(input.AsSpan(i * 4, 4).SequenceEqual(output.AsSpan(i * 4, 4)), $"known pixel {i} changed");
            }
        }
    }

    private static double HoleError(byte[] output, byte[] truth, byte[] mask)
    {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < mask.Length; i++)
        {
            if (mask[i] >= 128)
            {
                for (int c = 0; c < 3; c++)
                {
                    sum += Math.Abs(output[(i * 4) + c] - truth[(i * 4) + c]);
                }

                n++;
            }
        }

        return sum / (3 * n);
    }

    /// <summary><paramref name="output"/>'s hole pixels over <paramref name="reference"/>'s known ones (to compare fills only).</summary>
    private static byte[] Holes(byte[] output, byte[] mask, byte[] reference)
    {
        var result = (byte[])reference.Clone();
        for (int i = 0; i < mask.Length; i++)
        {
            if (mask[i] >= 128)
            {
                output.AsSpan(i * 4, 4).CopyTo(result.AsSpan(i * 4, 4));
            }
        }

        return result;
    }

    private static void Paint(byte[] rgba, float[] depth, (int X, int Y, int W, int H) box, (byte R, byte G, byte B) color, float z)
    {
        for (int y = box.Y; y < box.Y + box.H; y++)
        {
            for (int x = box.X; x < box.X + box.W; x++)
            {
                int i = (y * W) + x;
                rgba[i * 4] = color.R;
                rgba[(i * 4) + 1] = color.G;
                rgba[(i * 4) + 2] = color.B;
                depth[i] = z;
            }
        }
    }

    private static byte[] Window(byte[] world, int worldWidth, int ox, int oy)
    {
        var result = new byte[W * H * 4];
        for (int y = 0; y < H; y++)
        {
            world.AsSpan((((oy + y) * worldWidth) + ox) * 4, W * 4).CopyTo(result.AsSpan(y * W * 4));
        }

        return result;
    }

    private sealed class Setup : IDisposable
    {
        private readonly TempDirectory _dir = new();
        private readonly ImageInpainter _inpainter;

        public ImageInpainter Inpainter => _inpainter;

        public Setup(MaeRealtime.Runtime.Vulkan.GpuContext context, bool history)
        {
            Weights = new GpuWeights(context, WeightFile.Load(TestWeights.WriteRandom(Tiny, seed: 21, _dir.Path)));
            _inpainter = new ImageInpainter(context, Weights, new FrameInpainterOptions { MaxWidth = W, MaxHeight = H, TilesPerPass = 4, History = history });
        }

        public GpuWeights Weights { get; }

        public byte[] Fill(byte[] rgba, byte[] mask, float[]? depth = null, float[]? motion = null, FrameFlags flags = FrameFlags.None) =>
            Fill(rgba, mask, W, H, depth, motion, flags);

        public byte[] Fill(byte[] rgba, byte[] mask, int width, int height, float[]? depth = null, float[]? motion = null, FrameFlags flags = FrameFlags.None)
        {
            var output = new byte[rgba.Length];
            _inpainter.Inpaint(rgba, mask, width, height, output, new ImageGuides { Depth = depth, Motion = motion, Flags = flags });
            return output;
        }

        public void Dispose()
        {
            _inpainter.Dispose();
            Weights.Dispose();
            _dir.Dispose();
        }
    }
}
