using MaeRealtime.Runtime.Inference.Kernels;
using MaeRealtime.Runtime.Tests.Gpu;
using MaeRealtime.Runtime.Tests.Reference;
using MaeRealtime.Runtime.Tests.Support;

namespace MaeRealtime.Runtime.Tests.Kernels;

public sealed class ResidualPushPullTests(GpuFixture fixture) : GpuTest(fixture)
{
    [Theory]
    [InlineData(16, 4, false)]
    [InlineData(24, 8, false)] // non-power-of-two pyramid: 24, 12, 6, 3, 2, 1
    [InlineData(16, 4, true)]
    [InlineData(24, 8, true)]
    public void MatchesCpuReference(int s, int p, bool blend)
    {
        var (img, mask, recon, output) = Scene(s, p, seed: s, offset: null);
        var gpu = RunGpu(s, p, img, mask, recon, output, blend);
        var cpu = CpuResidualPushPull.Run(img, mask, recon, output, 2, s, p, blend);
        Tolerance.AssertClose(cpu, gpu, 1e-5, $"residual push-pull{(blend ? " blend" : "")}");
    }

    [Fact]
    public void Blend_ChangesOnlyHolePixels()
    {
        // The blend moves hole pixels towards the interpolation of the known colours (its exact values are the
        // CPU reference's, above); known pixels stay exact.
        const int s = 16, p = 4;
        var (img, mask, recon, output) = Scene(s, p, seed: 5, offset: null);
        var residualOnly = RunGpu(s, p, img, mask, recon, output, blend: false);
        var blended = RunGpu(s, p, img, mask, recon, output, blend: true);
        double moved = 0;
        for (int i = 0; i < mask.Length; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                int at = (i * 3) + c;
                if (mask[i] < 0.5f)
                {
                    Assert.Equal(img[at], blended[at]);
                }

                moved += Math.Abs(blended[at] - residualOnly[at]);
            }
        }

        Assert.True(moved > 1, $"the blend moved the hole pixels by {moved} in total");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ConstantColourOffset_IsRemovedExactly(bool blend)
    {
        // A prediction that is the truth plus a constant offset: the residual on known pixels is the
        // negated offset everywhere, so the corrected fill is the truth. A flat image makes the interpolation
        // exact too, so the blend of the two must be the truth as well.
        const int s = 16, p = 4;
        var (img, mask, recon, output) = Scene(s, p, seed: 3, offset: 0.1f, flat: blend);
        var gpu = RunGpu(s, p, img, mask, recon, output, blend);
        for (int i = 0; i < mask.Length; i++)
        {
            for (int c = 0; c < 3 && mask[i] >= 0.5f; c++)
            {
                Assert.Equal(img[(i * 3) + c], gpu[(i * 3) + c], 5);
            }
        }
    }

    private float[] RunGpu(int s, int p, float[] img, float[] mask, float[] recon, float[] output, bool blend = false)
    {
        const int b = 2;
        var arena = new BufferBuilder<float>();
        uint offImg = arena.Add(img), offMask = arena.Add(mask), offRecon = arena.Add(recon), offOut = arena.Add(output);
        long stride = Runtime.Inference.ActivationLayout.PyramidFloatsPerTile(s);
        uint offPyr = arena.Reserve((int)(b * stride));
        using var h = new KernelHarness(Context, [0f], arena.ToArray(), [0u]);
        var result = h.Run(rec => rec.Dispatch(h.Kernel("residual_pushpull"), new ResidualPushPullPush
        {
            S = (uint)s,
            P = (uint)p,
            G = (uint)(s / p),
            OffImage = offImg,
            OffMask = offMask,
            OffRecon = offRecon,
            OffOut = offOut,
            OffPyramid = offPyr,
            PyramidStride = (uint)stride,
            Blend = blend ? 1u : 0u,
        }, b));
        return result.AsSpan((int)offOut, output.Length).ToArray();
    }

    /// <summary>Two tiles with a box hole; the residual comes from the known pixels of the patches it touches.</summary>
    private static (float[] Img, float[] Mask, float[] Recon, float[] Output) Scene(int s, int p, int seed, float? offset, bool flat = false)
    {
        const int b = 2;
        var img = Tolerance.Random(b * s * s * 3, seed).Select((v, i) => flat ? 0.25f + (0.1f * (i % 3)) : 0.3f + (0.2f * v)).ToArray();
        var recon = offset is float o ? img.Select(v => v + o).ToArray() : Tolerance.Random(img.Length, seed + 1).Select(v => 0.5f + (0.3f * v)).ToArray();
        var mask = new float[b * s * s];
        for (int t = 0; t < b; t++)
        {
            int x0 = 1 + t, y0 = p - 1, x1 = s / 2 + t, y1 = s / 2 + 1;
            for (int y = y0; y < y1; y++)
            {
                for (int x = x0; x < x1; x++)
                {
                    mask[(t * s * s) + (y * s) + x] = 1;
                }
            }
        }

        var output = img.Select((v, i) => mask[i / 3] >= 0.5f ? Math.Clamp(recon[i], 0f, 1f) : v).ToArray();
        return (img, mask, recon, output);
    }
}
