using MaeRealtime.Runtime.Model;
using Xunit;

namespace MaeRealtime.Runtime.Tests.Reference;

// The CPU reference is the oracle for the GPU kernels, so it is itself checked against values that can
// be worked out by hand or looked up (erf to 20 digits from mpmath).
public class CpuKernelsTests
{
    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.1, 0.1124629160182848984)]
    [InlineData(0.5, 0.52049987781304653768)]
    [InlineData(1.0, 0.84270079294971486934)]
    [InlineData(1.5, 0.96610514647531072707)]
    [InlineData(2.0, 0.99532226501895273416)]
    [InlineData(2.5, 0.99959304798255504106)]
    [InlineData(2.99, 0.9999764743969193598)]
    [InlineData(3.0, 0.99997790950300141456)]
    [InlineData(3.5, 0.99999925690162765859)]
    [InlineData(5.0, 0.99999999999846254021)]
    [InlineData(-0.7, -0.67780119383741844228)]
    public void Erf_MatchesTabulatedValues(double x, double expected)
    {
        Assert.InRange(CpuKernels.Erf(x) - expected, -1e-12, 1e-12);
    }

    [Theory]
    [InlineData(2.99, 2.35256030806401953e-5)]
    [InlineData(3.0, 2.2090496998585441373e-5)]
    [InlineData(4.0, 1.5417257900280018852e-8)]
    [InlineData(5.0, 1.5374597944280348502e-12)]
    public void Erfc_KeepsRelativePrecisionInTheTail(double x, double expected)
    {
        Assert.InRange(CpuKernels.Erfc(x) / expected - 1, -1e-12, 1e-12);
    }

    [Theory]
    [InlineData(-3.0, -0.00404969409489028358)]
    [InlineData(-1.0, -0.15865525393145705141)]
    [InlineData(-0.5, -0.15426876936299344818)]
    [InlineData(0.5, 0.34573123063700655182)]
    [InlineData(1.0, 0.84134474606854294859)]
    [InlineData(3.0, 2.9959503059051097164)]
    public void Gelu_MatchesTabulatedValues(double x, double expected)
    {
        Assert.InRange(CpuKernels.Gelu(x) - expected, -1e-12, 1e-12);
    }

    [Fact]
    public void Gemm_WithIdentityWeights_AddsBiasAndResidual()
    {
        const int m = 3, n = 4;
        var x = Enumerable.Range(0, m * n).Select(i => i * 0.25f - 1f).ToArray();
        var identity = new float[n * n];
        for (int i = 0; i < n; i++)
        {
            identity[i * n + i] = 1f;
        }

        float[] bias = [0.5f, -0.5f, 1f, 0f];
        var residual = Enumerable.Range(0, m * n).Select(i => (float)i).ToArray();

        var y = CpuKernels.Gemm(x, identity, bias, residual, m, n, n, gelu: false);
        var g = CpuKernels.Gemm(x, identity, null, null, m, n, n, gelu: true);

        for (int i = 0; i < m * n; i++)
        {
            Assert.Equal(x[i] + bias[i % n] + residual[i], y[i], 6);
            Assert.Equal((float)CpuKernels.Gelu(x[i]), g[i]);
        }
    }

    [Fact]
    public void Gemm_ComputesRowTimesTransposedWeight()
    {
        // [1 2; 3 4] * [[1 0], [1 1], [0 2]]^T = [1 3 4; 3 7 8]
        var y = CpuKernels.Gemm([1, 2, 3, 4], [1, 0, 1, 1, 0, 2], null, null, 2, 3, 2, gelu: false);
        Assert.Equal([1f, 3f, 4f, 3f, 7f, 8f], y);
    }

    [Fact]
    public void LayerNorm_WithUnitGamma_GivesZeroMeanUnitVariance()
    {
        const int m = 4, d = 48;
        var rng = new Random(1);
        // Large offsets: the two-pass variance must not lose the small spread to cancellation.
        var x = Enumerable.Range(0, m * d).Select(i => (float)(1000.0 * (i / d) + rng.NextDouble() * 3)).ToArray();
        var y = CpuKernels.LayerNorm(x, Enumerable.Repeat(1f, d).ToArray(), new float[d], m, d, 1e-6f);

        for (int r = 0; r < m; r++)
        {
            var row = y.Skip(r * d).Take(d).Select(v => (double)v).ToArray();
            double mean = row.Average();
            double variance = row.Select(v => (v - mean) * (v - mean)).Average();
            Assert.InRange(mean, -1e-6, 1e-6);
            Assert.InRange(variance, 1 - 1e-5, 1 + 1e-5);
        }
    }

    [Fact]
    public void LayerNorm_AppliesGammaAndBeta()
    {
        // Row (1, 3): mean 2, biased variance 1, normalized (-1, 1).
        var y = CpuKernels.LayerNorm([1, 3], [2, 3], [10, 20], 1, 2, 0f);
        Assert.Equal([8f, 23f], y);
    }

    [Fact]
    public void Attention_WithOneHotValues_OutputsSoftmaxRowsThatSumToOne()
    {
        // With v_j = e_j the output row i is softmax_j(scale q_i . k_j) itself.
        const int t = 4, d = 4, h = 1;
        var rng = new Random(2);
        var qkv = new float[t * 3 * d];
        for (int j = 0; j < t; j++)
        {
            for (int e = 0; e < d; e++)
            {
                qkv[j * 3 * d + e] = (float)(rng.NextDouble() * 4 - 2);
                qkv[j * 3 * d + d + e] = (float)(rng.NextDouble() * 4 - 2);
                qkv[j * 3 * d + 2 * d + e] = j == e ? 1f : 0f;
            }
        }

        var output = CpuKernels.Attention(qkv, null, 1, t, d, h, 0.5f);

        for (int i = 0; i < t; i++)
        {
            var probabilities = output.Skip(i * d).Take(d).ToArray();
            Assert.All(probabilities, pr => Assert.InRange(pr, 0f, 1f));
            Assert.InRange(probabilities.Sum(), 1 - 1e-6, 1 + 1e-6);

            // The ratio of two probabilities is exp of the difference of their scores.
            double s0 = 0, s1 = 0;
            for (int e = 0; e < d; e++)
            {
                s0 += qkv[i * 3 * d + e] * qkv[0 * 3 * d + d + e];
                s1 += qkv[i * 3 * d + e] * qkv[1 * 3 * d + d + e];
            }

            Assert.Equal(Math.Exp(0.5 * (s1 - s0)), probabilities[1] / (double)probabilities[0], 5);
        }
    }

    [Fact]
    public void Attention_WithCount_IgnoresPaddedKeysAndZeroesPaddedRows()
    {
        // Two heads of width 1; tile 0 has 1 + 1 valid rows of T = 3.
        const int t = 3, d = 2, h = 2;
        var qkv = new float[t * 3 * d];
        for (int j = 0; j < t; j++)
        {
            qkv[j * 3 * d + 0] = 1f;      // q, head 0
            qkv[j * 3 * d + 1] = -1f;     // q, head 1
            qkv[j * 3 * d + 2] = j;       // k, head 0
            qkv[j * 3 * d + 3] = j;       // k, head 1
            qkv[j * 3 * d + 4] = 10f * j; // v, head 0
            qkv[j * 3 * d + 5] = 10f * j; // v, head 1
        }

        var output = CpuKernels.Attention(qkv, [1u], 1, t, d, h, 1f);

        // Keys 0 and 1 only: head 0 weights (1, e) / (1 + e), head 1 weights (1, 1/e) / (1 + 1/e).
        double e1 = Math.E;
        Assert.Equal(10 * e1 / (1 + e1), output[0], 5);
        Assert.Equal(10 / e1 / (1 + 1 / e1), output[1], 5);
        Assert.Equal(output[0], output[2]);
        Assert.Equal(output[1], output[3]);
        Assert.Equal([0f, 0f], output[4..6]);
    }

    [Fact]
    public void Forward_CopiesKnownPixelsAndIsFinite()
    {
        var weights = TinyModel.Create(seed: 4, out var config);
        var tile = TinyModel.Tile(config, seed: 5, holeFrom: 3, holeTo: 9);
        var masking = MaeRealtime.Runtime.Inference.TileMasking.FromHoleMasks(config, tile.Holes, 1);

        var (recon, composite) = CpuMaeForward.Run(weights, tile.Image, tile.Holes, masking);

        Assert.All(recon, v => Assert.True(float.IsFinite(v)));
        for (int px = 0; px < tile.Holes.Length; px++)
        {
            for (int c = 0; c < 3; c++)
            {
                float expected = tile.Holes[px] >= 0.5f ? Math.Clamp(recon[px * 3 + c], 0f, 1f) : tile.Image[px * 3 + c];
                Assert.Equal(expected, composite[px * 3 + c]);
            }
        }
    }
}
