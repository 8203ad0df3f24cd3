using System.Runtime.InteropServices;
using MaeRealtime.Runtime.Inference.Kernels;
using MaeRealtime.Runtime.Tests.Gpu;
using MaeRealtime.Runtime.Tests.Reference;
using MaeRealtime.Runtime.Tests.Support;

namespace MaeRealtime.Runtime.Tests.Kernels;

/// <summary>Each compute kernel against its CPU reference, on odd sizes that exercise every bounds check.</summary>
public sealed class KernelParityTests(GpuFixture fixture) : GpuTest(fixture)
{
    private const double Fp32Tolerance = 2e-5;

    [Theory]
    [InlineData(70, 45, 37, false, false)]
    [InlineData(70, 45, 37, true, false)]
    [InlineData(129, 200, 64, true, true)]
    [InlineData(1, 3, 1, false, true)]
    public void Gemm_MatchesCpu(int m, int n, int k, bool gelu, bool residual)
    {
        var x = Tolerance.Random(m * k, 1);
        var w = Tolerance.Random(n * k, 2, 0.3f);
        var bias = Tolerance.Random(n, 3);
        var r = residual ? Tolerance.Random(m * n, 4) : null;
        var weights = new BufferBuilder<float>();
        uint offW = weights.Add(w), offBias = weights.Add(bias);
        var arena = new BufferBuilder<float>();
        uint offX = arena.Add(x);
        // With a residual the output aliases it (in place), exactly as the transformer blocks run.
        uint offY = residual ? arena.Add(r!) : arena.Reserve(m * n);

        using var h = new KernelHarness(Context, weights.ToArray(), arena.ToArray(), [0]);
        var result = h.Run(rec => rec.Dispatch(h.Kernel("gemm"), new GemmPush
        {
            M = (uint)m,
            N = (uint)n,
            K = (uint)k,
            OffX = offX,
            OffW = offW,
            OffBias = offBias,
            OffY = offY,
            OffR = offY,
            Flags = 1u | (gelu ? 2u : 0u) | (residual ? 4u : 0u),
        }, (uint)((n + 63) / 64), (uint)((m + 63) / 64)));

        var expected = CpuKernels.Gemm(x, w, bias, r, m, n, k, gelu);
        Tolerance.AssertClose(expected, result.AsSpan((int)offY, m * n), Fp32Tolerance, "gemm");
    }

    [Fact]
    public void GemmF16_ReadsHalfWeights()
    {
        int m = 33, n = 70, k = 41;
        var x = Tolerance.Random(m * k, 5);
        var w = Tolerance.Random(n * k, 6, 0.3f).Select(v => (float)(Half)v).ToArray();
        var bias = Tolerance.Random(n, 7);
        var halves = w.Select(v => (Half)v).ToArray();
        // Place the halves at an odd half offset to exercise the low/high word selection.
        var packed = new Half[halves.Length + 1];
        halves.CopyTo(packed, 1);
        var weights = new BufferBuilder<float>();
        uint offBias = weights.Add(bias);
        uint offWordsW = weights.Add(MemoryMarshal.Cast<Half, float>(PadToEven(packed)).ToArray());
        var arena = new BufferBuilder<float>();
        uint offX = arena.Add(x), offY = arena.Reserve(m * n);

        using var h = new KernelHarness(Context, weights.ToArray(), arena.ToArray(), [0]);
        var result = h.Run(rec => rec.Dispatch(h.Kernel("gemm_f16"), new GemmPush
        {
            M = (uint)m,
            N = (uint)n,
            K = (uint)k,
            OffX = offX,
            OffW = (offWordsW * 2) + 1,
            OffBias = offBias,
            OffY = offY,
            Flags = 1,
        }, (uint)((n + 63) / 64), (uint)((m + 63) / 64)));

        var expected = CpuKernels.Gemm(x, w, bias, null, m, n, k, false);
        Tolerance.AssertClose(expected, result.AsSpan((int)offY, m * n), Fp32Tolerance, "gemm_f16");
    }

    [Theory]
    [InlineData(5, 48)]
    [InlineData(3, 200)]
    [InlineData(2, 7)]
    public void LayerNorm_MatchesCpu(int m, int d)
    {
        var x = Tolerance.Random(m * d, 8, 3f).Select(v => v + 5f).ToArray(); // an offset mean tests the two-pass variance
        var gamma = Tolerance.Random(d, 9);
        var beta = Tolerance.Random(d, 10);
        var weights = new BufferBuilder<float>();
        uint offG = weights.Add(gamma), offB = weights.Add(beta);
        var arena = new BufferBuilder<float>();
        uint offX = arena.Add(x), offY = arena.Reserve(m * d);

        using var h = new KernelHarness(Context, weights.ToArray(), arena.ToArray(), [0]);
        var result = h.Run(rec => rec.DispatchRows(h.Kernel("layernorm"), new LayerNormPush
        {
            M = (uint)m,
            D = (uint)d,
            OffX = offX,
            OffY = offY,
            OffGamma = offG,
            OffBeta = offB,
            Eps = 1e-6f,
        }, m));

        Tolerance.AssertClose(CpuKernels.LayerNorm(x, gamma, beta, m, d, 1e-6f), result.AsSpan((int)offY, m * d), Fp32Tolerance, "layernorm");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Attention_MatchesCpu(bool useCount)
    {
        int b = 2, t = 7, d = 48, heads = 3;
        var qkv = Tolerance.Random(b * t * 3 * d, 11, 2f);
        uint[] count = [3, 6];
        var arena = new BufferBuilder<float>();
        uint offQkv = arena.Add(qkv), offOut = arena.Reserve(b * t * d);
        var indices = new BufferBuilder<uint>();
        uint offCount = indices.Add(count);
        float scale = 1f / MathF.Sqrt(d / heads);

        using var h = new KernelHarness(Context, [0f], arena.ToArray(), indices.ToArray());
        var result = h.Run(rec => rec.Dispatch(h.Kernel("attention"), new AttentionPush
        {
            T = (uint)t,
            D = (uint)d,
            H = (uint)heads,
            OffQkv = offQkv,
            OffOut = offOut,
            OffCount = offCount,
            UseCount = useCount ? 1u : 0u,
            Scale = scale,
        }, (uint)t, (uint)heads, (uint)b));

        var expected = CpuKernels.Attention(qkv, useCount ? count : null, b, t, d, heads, scale);
        Tolerance.AssertClose(expected, result.AsSpan((int)offOut, b * t * d), Fp32Tolerance, "attention");
    }

    [Fact]
    public void GatherPatches_MatchesCpu()
    {
        int b = 2, s = 16, p = 4, lk = 10;
        var img = Tolerance.Random(b * s * s * 3, 12).Select(v => (v + 1) / 2).ToArray();
        uint[] keep = [15, 0, 3, 7, 9, 11, 2, 4, 8, 1, 5, 6, 13, 14, 12, 0, 0, 0, 0, 0];
        uint[] count = [10, 7];
        float[] mean = [0.485f, 0.456f, 0.406f], std = [0.229f, 0.224f, 0.225f];
        // Hole pixels inside visible patches (MaskPolicy.MostlyHole) must enter as pixel value 0.
        var mask = Tolerance.Random(b * s * s, 14).Select(v => v > 0.6f ? 1f : 0f).ToArray();
        var arena = new BufferBuilder<float>();
        uint offImg = arena.Add(img), offMask = arena.Add(mask), offOut = arena.Reserve(b * lk * p * p * 3);
        var indices = new BufferBuilder<uint>();
        uint offCount = indices.Add(count), offKeep = indices.Add(keep);

        using var h = new KernelHarness(Context, [0f], arena.ToArray(), indices.ToArray());
        var result = h.Run(rec => rec.DispatchElements(h.Kernel("gather_patches"), new GatherPatchesPush
        {
            B = (uint)b,
            Lk = (uint)lk,
            S = (uint)s,
            P = (uint)p,
            G = (uint)(s / p),
            OffImage = offImg,
            OffMask = offMask,
            OffOut = offOut,
            OffIdsKeep = offKeep,
            OffCount = offCount,
            Mean0 = mean[0],
            Mean1 = mean[1],
            Mean2 = mean[2],
            Std0 = std[0],
            Std1 = std[1],
            Std2 = std[2],
        }, b * lk * p * p * 3));

        var expected = CpuKernels.GatherPatches(img, mask, keep, count, b, lk, s, p, mean, std);
        Tolerance.AssertClose(expected, result.AsSpan((int)offOut, expected.Length), 1e-6, "gather_patches");
    }

    [Fact]
    public void AddPosition_MatchesCpu()
    {
        int b = 2, lk = 5, d = 12, l = 9;
        var e = Tolerance.Random(b * lk * d, 13);
        var cls = Tolerance.Random(d, 14);
        var pos = Tolerance.Random((l + 1) * d, 15);
        uint[] keep = [8, 0, 4, 2, 6, 1, 3, 0, 0, 0];
        uint[] count = [5, 2];
        var weights = new BufferBuilder<float>();
        uint offCls = weights.Add(cls), offPos = weights.Add(pos);
        var arena = new BufferBuilder<float>();
        uint offE = arena.Add(e), offX = arena.Reserve(b * (lk + 1) * d);
        var indices = new BufferBuilder<uint>();
        uint offCount = indices.Add(count), offKeep = indices.Add(keep);

        using var h = new KernelHarness(Context, weights.ToArray(), arena.ToArray(), indices.ToArray());
        var result = h.Run(rec => rec.DispatchElements(h.Kernel("add_position"), new AddPositionPush
        {
            B = (uint)b,
            Lk = (uint)lk,
            D = (uint)d,
            OffE = offE,
            OffX = offX,
            OffPos = offPos,
            OffCls = offCls,
            OffIdsKeep = offKeep,
            OffCount = offCount,
        }, b * (lk + 1) * d));

        var expected = CpuKernels.AddPosition(e, cls, pos, keep, count, b, lk, d);
        Tolerance.AssertClose(expected, result.AsSpan((int)offX, expected.Length), 1e-6, "add_position");
    }

    [Fact]
    public void ScatterMaskTokens_MatchesCpu()
    {
        int b = 2, lk = 5, t = lk + 1, l = 9, dd = 8;
        var ed = Tolerance.Random(b * t * dd, 16);
        var mask = Tolerance.Random(dd, 17);
        var pos = Tolerance.Random((l + 1) * dd, 18);
        // Tile 0 keeps patches 8,0,4,2,6; tile 1 keeps 1,3,0 (ranks from those lists, masked ones after).
        uint[] restore = [1, 5, 3, 6, 2, 7, 4, 8, 0, 2, 0, 3, 1, 4, 5, 6, 7, 8];
        uint[] count = [5, 3];
        var weights = new BufferBuilder<float>();
        uint offMask = weights.Add(mask), offPos = weights.Add(pos);
        var arena = new BufferBuilder<float>();
        uint offEd = arena.Add(ed), offXd = arena.Reserve(b * (l + 1) * dd);
        var indices = new BufferBuilder<uint>();
        uint offCount = indices.Add(count), offRestore = indices.Add(restore);

        using var h = new KernelHarness(Context, weights.ToArray(), arena.ToArray(), indices.ToArray());
        var result = h.Run(rec => rec.DispatchElements(h.Kernel("scatter_mask_tokens"), new ScatterMaskTokensPush
        {
            B = (uint)b,
            T = (uint)t,
            L = (uint)l,
            Dd = (uint)dd,
            OffEd = offEd,
            OffXd = offXd,
            OffMaskToken = offMask,
            OffPos = offPos,
            OffIdsRestore = offRestore,
            OffCount = offCount,
        }, b * (l + 1) * dd));

        var expected = CpuKernels.ScatterMaskTokens(ed, mask, pos, restore, count, b, t, l, dd);
        Tolerance.AssertClose(expected, result.AsSpan((int)offXd, expected.Length), 1e-6, "scatter_mask_tokens");
    }

    [Fact]
    public void UnpatchifyComposite_MatchesCpu_AndCopiesKnownPixelsBitExactly()
    {
        int b = 2, s = 8, p = 4, g = s / p, pv = p * p * 3;
        var pred = Tolerance.Random(b * ((g * g) + 1) * pv, 19, 3f);
        var img = Tolerance.Random(b * s * s * 3, 20).Select(v => (v + 1) / 2).ToArray();
        var holes = Tolerance.Random(b * s * s, 21).Select(v => v > 0.3f ? 1f : 0f).ToArray();
        float[] mean = [0.485f, 0.456f, 0.406f], std = [0.229f, 0.224f, 0.225f];
        var arena = new BufferBuilder<float>();
        uint offPred = arena.Add(pred), offImg = arena.Add(img), offMask = arena.Add(holes);
        uint offRecon = arena.Reserve(img.Length), offOut = arena.Reserve(img.Length);

        using var h = new KernelHarness(Context, [0f], arena.ToArray(), [0]);
        var result = h.Run(rec => rec.DispatchElements(h.Kernel("unpatchify_composite"), new UnpatchifyCompositePush
        {
            B = (uint)b,
            S = (uint)s,
            P = (uint)p,
            G = (uint)g,
            OffPred = offPred,
            OffImage = offImg,
            OffMask = offMask,
            OffRecon = offRecon,
            OffOut = offOut,
            Mean0 = mean[0],
            Mean1 = mean[1],
            Mean2 = mean[2],
            Std0 = std[0],
            Std1 = std[1],
            Std2 = std[2],
        }, b * s * s));

        var (recon, output) = CpuKernels.UnpatchifyComposite(pred, img, holes, b, s, p, mean, std);
        Tolerance.AssertClose(recon, result.AsSpan((int)offRecon, recon.Length), 1e-6, "recon");
        Tolerance.AssertClose(output, result.AsSpan((int)offOut, output.Length), 1e-6, "composite");
        for (int i = 0; i < b * s * s; i++)
        {
            for (int c = 0; c < 3 && holes[i] < 0.5f; c++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(img[(i * 3) + c]), BitConverter.SingleToInt32Bits(result[offOut + (i * 3) + c]));
            }
        }
    }

    private static Half[] PadToEven(Half[] values) => values.Length % 2 == 0 ? values : [.. values, default];
}
