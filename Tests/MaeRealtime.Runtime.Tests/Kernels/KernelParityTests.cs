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

    private static Half[] PadToEven(Half[] values) => values.Length % 2 == 0 ? values : [.. values, default];
}
