namespace MaeRealtime.Runtime.Tests.Reference;

/// <summary>
/// Plain CPU versions of the compute kernels in Shaders/KERNELS.md, one method per kernel, written for
/// clarity rather than speed: the oracle the GPU kernels are tested against. Every operand is its own
/// array (no arena offsets); sums are accumulated in double and rounded to float once, so the reference
/// is at least as accurate as any fp32 kernel and differences measure the kernel's error.
/// </summary>
public static class CpuKernels
{
    private const int Channels = 3;

    /// <summary>erf(x) with absolute error below 1e-15 (.NET has no Math.Erf).</summary>
    public static double Erf(double x)
    {
        double a = Math.Abs(x);
        double r = a < ErfSeriesLimit ? ErfSeries(a) : 1.0 - ErfcContinuedFraction(a);
        return x < 0 ? -r : r;
    }

    /// <summary>erfc(x) = 1 - erf(x), with small relative error also in the far positive tail.</summary>
    public static double Erfc(double x)
    {
        if (x < 0)
        {
            return 1.0 + Erf(-x);
        }

        return x < ErfSeriesLimit ? 1.0 - ErfSeries(x) : ErfcContinuedFraction(x);
    }

    /// <summary>Exact-erf GELU, 0.5 x (1 + erf(x / sqrt 2)), written as x erfc(-x / sqrt 2) / 2 so the negative tail keeps its precision.</summary>
    public static double Gelu(double x) => 0.5 * x * Erfc(-x / Math.Sqrt(2.0));

    // Below this the series is used, above it the continued fraction (relative error < 1e-19 there).
    private const double ErfSeriesLimit = 2.0;

    // erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (1*3*...*(2n+1)): every term is positive, so
    // unlike the plain Taylor series nothing cancels and the sum is accurate to a few ulps.
    private static double ErfSeries(double x)
    {
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 200 && term > sum * 1e-17; n++)
        {
            term *= 2.0 * x2 / (2 * n + 1);
            sum += term;
        }

        return 2.0 / Math.Sqrt(Math.PI) * Math.Exp(-x2) * sum;
    }

    // erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), evaluated from a fixed
    // depth upwards; for x >= 2 a depth of 80 converges far beyond double precision.
    private static double ErfcContinuedFraction(double x)
    {
        double f = x;
        for (int k = 80; k >= 1; k--)
        {
            f = x + 0.5 * k / f;
        }

        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / f;
    }

    /// <summary>gemm: Y[m,n] = (residual?[m,n] ?? 0) + act(sum_k x[m,k] w[n,k] + (bias?[n] ?? 0)), act = GELU when <paramref name="gelu"/>.</summary>
    public static float[] Gemm(float[] x, float[] w, float[]? bias, float[]? residual, int M, int N, int K, bool gelu)
    {
        var y = new float[M * N];
        for (int m = 0; m < M; m++)
        {
            for (int n = 0; n < N; n++)
            {
                double sum = bias?[n] ?? 0.0;
                for (int k = 0; k < K; k++)
                {
                    sum += (double)x[m * K + k] * w[n * K + k];
                }

                if (gelu)
                {
                    sum = Gelu(sum);
                }

                y[m * N + n] = (float)(sum + (residual?[m * N + n] ?? 0.0));
            }
        }

        return y;
    }

    /// <summary>layernorm: each of M rows of D values normalized with its biased variance, then scaled and shifted.</summary>
    public static float[] LayerNorm(float[] x, float[] gamma, float[] beta, int M, int D, float eps)
    {
        var y = new float[M * D];
        for (int m = 0; m < M; m++)
        {
            double mean = 0;
            for (int d = 0; d < D; d++)
            {
                mean += x[m * D + d];
            }

            mean /= D;
            double variance = 0;
            for (int d = 0; d < D; d++)
            {
                double c = x[m * D + d] - mean;
                variance += c * c;
            }

            variance /= D;
            double rstd = 1.0 / Math.Sqrt(variance + eps);
            for (int d = 0; d < D; d++)
            {
                y[m * D + d] = (float)((x[m * D + d] - mean) * rstd * gamma[d] + beta[d]);
            }
        }

        return y;
    }

    /// <summary>
    /// attention: qkv [B, T, 3D] (q, k, v thirds, head h in columns h*hd .. h*hd+hd-1 of each) to [B, T, D].
    /// With <paramref name="count"/> only the first 1 + count[b] rows of a tile take part as keys and
    /// queries; the other rows are zero. Without it all T rows do.
    /// </summary>
    public static float[] Attention(float[] qkv, uint[]? count, int B, int T, int D, int H, float scale)
    {
        int hd = D / H, stride = 3 * D;
        var output = new float[B * T * D];
        var scores = new double[T];
        for (int b = 0; b < B; b++)
        {
            int n = count is null ? T : Math.Min(T, 1 + (int)count[b]);
            int rows = b * T * stride;
            for (int h = 0; h < H; h++)
            {
                for (int i = 0; i < n; i++)
                {
                    double max = double.NegativeInfinity;
                    for (int j = 0; j < n; j++)
                    {
                        double dot = 0;
                        for (int e = 0; e < hd; e++)
                        {
                            dot += (double)qkv[rows + i * stride + h * hd + e] * qkv[rows + j * stride + D + h * hd + e];
                        }

                        scores[j] = scale * dot;
                        max = Math.Max(max, scores[j]);
                    }

                    double sum = 0;
                    for (int j = 0; j < n; j++)
                    {
                        scores[j] = Math.Exp(scores[j] - max);
                        sum += scores[j];
                    }

                    for (int e = 0; e < hd; e++)
                    {
                        double o = 0;
                        for (int j = 0; j < n; j++)
                        {
                            o += scores[j] * qkv[rows + j * stride + 2 * D + h * hd + e];
                        }

                        output[(b * T + i) * D + h * hd + e] = (float)(o / sum);
                    }
                }
            }
        }

        return output;
    }

}
