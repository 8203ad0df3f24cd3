using System.Runtime.InteropServices;
using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Inference.Kernels;
using MaeRealtime.Runtime.Tests.Gpu;
using MaeRealtime.Runtime.Tests.Reference;
using MaeRealtime.Runtime.Tests.Support;

namespace MaeRealtime.Runtime.Tests.Kernels;

/// <summary>
/// The CPU kernel family (gemm_rb, gemm_rb_f16, layernorm_rows; attention_rows: AttentionParityTests) against the CPU
/// reference, dispatched through <see cref="KernelSet"/> so its grids and fallbacks are tested too. Odd row
/// counts, partial register blocks and partial workgroups; the widths these kernels require to be multiples of 4
/// are, and the shapes they do not take are checked to fall back to the tiled kernels. These run on any device,
/// not only the CPU ones the runtime picks them for.
/// </summary>
public sealed class CpuKernelParityTests(GpuFixture fixture) : GpuTest(fixture)
{
    private const double Fp32Tolerance = 2e-5;

    [Theory]
    [InlineData(70, 44, 36, false, false)] // partial row and column blocks
    [InlineData(70, 44, 36, true, false)]
    [InlineData(129, 200, 64, true, true)] // one row past a block, residual in place
    [InlineData(1, 4, 4, false, true)]
    [InlineData(65, 24, 192, true, true)]
    [InlineData(517, 132, 12, false, true)] // several workgroups, a partial last one
    public void GemmRb_MatchesCpu(int m, int n, int k, bool gelu, bool residual)
    {
        var (expected, actual) = RunGemm(m, n, k, gelu, residual, halfOffset: null, seed: 1);
        Tolerance.AssertClose(expected, actual, Fp32Tolerance, "gemm_rb");
    }

    [Theory]
    [InlineData(70, 45, 37, true, false)] // K and N odd
    [InlineData(33, 46, 40, false, true)] // N % 4 == 2: the stores would straddle rows
    public void GemmRb_UnalignedShapes_FallBackToTheTiledGemm(int m, int n, int k, bool gelu, bool residual)
    {
        Assert.False(KernelSet.GemmRbFits(new GemmPush { M = (uint)m, N = (uint)n, K = (uint)k, Flags = 1 }));
        var (expected, actual) = RunGemm(m, n, k, gelu, residual, halfOffset: null, seed: 2);
        Tolerance.AssertClose(expected, actual, Fp32Tolerance, "gemm fallback");
    }

    [Theory]
    [InlineData(33, 72, 48, false, true)] // residual in place
    [InlineData(70, 44, 64, true, false)] // GELU
    [InlineData(9, 12, 20, false, false)] // K % 8 != 0 is fine: a texel holds 4 halves
    [InlineData(5, 8, 4, false, false)]
    public void GemmRbF16_MatchesCpuOnTheSameHalfWeights(int m, int n, int k, bool gelu, bool residual)
    {
        var (expected, actual) = RunGemm(m, n, k, gelu, residual, halfOffset: 0, seed: 3);
        Tolerance.AssertClose(expected, actual, Fp32Tolerance, "gemm_rb_f16");
    }

    [Fact]
    public void GemmRbF16_OddHalfOffset_FallsBackToTheTiledGemm()
    {
        var (expected, actual) = RunGemm(33, 70, 41, false, false, halfOffset: 1, seed: 4);
        Tolerance.AssertClose(expected, actual, Fp32Tolerance, "gemm_f16 fallback");
    }

    [Theory]
    [InlineData(5, 48, false)]
    [InlineData(3, 200, false)]
    [InlineData(130, 192, true)] // several workgroups, in place
    [InlineData(2, 7, false)] // D % 4 != 0: falls back to the tiled layernorm
    public void LayerNormRows_MatchesCpu(int m, int d, bool inPlace)
    {
        var x = Tolerance.Random(m * d, 8, 3f).Select(v => v + 5f).ToArray(); // an offset mean tests the two-pass variance
        var gamma = Tolerance.Random(d, 9);
        var beta = Tolerance.Random(d, 10);
        var weights = new BufferBuilder<float>();
        uint offG = weights.Add(gamma), offB = weights.Add(beta);
        var arena = new BufferBuilder<float>();
        uint offX = arena.Add(x), offY = inPlace ? offX : arena.Reserve(m * d);
        var push = new LayerNormPush { M = (uint)m, D = (uint)d, OffX = offX, OffY = offY, OffGamma = offG, OffBeta = offB, Eps = 1e-6f };
        Assert.Equal(d % 4 == 0, KernelSet.LayerNormRowsFits(push));

        using var h = new KernelHarness(Context, weights.ToArray(), arena.ToArray(), [0]);
        var set = new KernelSet(Context, KernelFamily.Cpu, halfMatrices: false);
        var result = h.Run(rec => set.LayerNorm(rec, push));

        Tolerance.AssertClose(CpuKernels.LayerNorm(x, gamma, beta, m, d, 1e-6f), result.AsSpan((int)offY, m * d), Fp32Tolerance, "layernorm_rows");
    }

    /// <summary>One GEMM with bias through the CPU family; fp16 weights (at <paramref name="halfOffset"/> halves into their words) when given.</summary>
    private (float[] Expected, float[] Actual) RunGemm(int m, int n, int k, bool gelu, bool residual, int? halfOffset, int seed)
    {
        var x = Tolerance.Random(m * k, seed);
        var w = Tolerance.Random(n * k, seed + 100, 0.3f);
        var bias = Tolerance.Random(n, seed + 200);
        var r = residual ? Tolerance.Random(m * n, seed + 300) : null;
        var weights = new BufferBuilder<float>();
        uint offBias = weights.Add(bias), offW;
        if (halfOffset is int skip)
        {
            // The CPU reference gets the same rounded weights, so only arithmetic order differs.
            w = w.Select(v => (float)(Half)v).ToArray();
            var packed = new Half[w.Length + skip];
            w.Select(v => (Half)v).ToArray().CopyTo(packed, skip);
            offW = (weights.Add(MemoryMarshal.Cast<Half, float>(PadToEven(packed)).ToArray()) * 2) + (uint)skip;
        }
        else
        {
            offW = weights.Add(w);
        }

        var arena = new BufferBuilder<float>();
        uint offX = arena.Add(x);
        // With a residual the output aliases it (in place), exactly as the transformer blocks run.
        uint offY = residual ? arena.Add(r!) : arena.Reserve(m * n);

        using var h = new KernelHarness(Context, weights.ToArray(), arena.ToArray(), [0]);
        var set = new KernelSet(Context, KernelFamily.Cpu, halfMatrices: halfOffset is not null);
        var result = h.Run(rec => set.Gemm(rec, new GemmPush
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
        }));

        return (CpuKernels.Gemm(x, w, bias, r, m, n, k, gelu), result.AsSpan((int)offY, m * n).ToArray());
    }

    private static Half[] PadToEven(Half[] values) => values.Length % 2 == 0 ? values : [.. values, default];
}
