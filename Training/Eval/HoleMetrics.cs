namespace MaeRealtime.Training.Eval;

/// <summary>
/// Quality of a fill measured on the hole pixels only: known pixels are copied exactly by every method,
/// so counting them would only dilute the differences. Both images are first quantized to 8 bits as a
/// PNG would store them (clamp to [0, 1], round to the nearest of 256 levels, NaN as 0) and compared as
/// v / 255, so scores describe what a user would save, and a method cannot gain from sub-level detail.
/// </summary>
public static class HoleMetrics
{
    /// <summary>SSIM's Gaussian window: 11x11 taps with sigma 1.5 (Wang et al. 2004).</summary>
    public const int SsimWindow = 11;

    /// <summary>Standard deviation of the SSIM window in pixels.</summary>
    public const double SsimSigma = 1.5;

    /// <summary>SSIM's stabilizing constants for a dynamic range of 1: (0.01)^2 and (0.03)^2.</summary>
    public const double SsimC1 = 0.01 * 0.01, SsimC2 = 0.03 * 0.03;

    private static readonly double[] s_gaussian = GaussianTaps();

    /// <summary>Quantizes a value in [0, 1] to 8 bits exactly as the editor's PNG writer does.</summary>
    public static byte Quantize(float v) =>
        v >= 1f ? (byte)255 : v > 0f ? (byte)MathF.Round(v * 255f) : (byte)0;

    /// <summary>How many hole pixels (value &gt;= 0.5) <paramref name="holes"/> has.</summary>
    public static int HoleCount(ReadOnlySpan<float> holes)
    {
        int n = 0;
        foreach (float h in holes)
        {
            n += h >= 0.5f ? 1 : 0;
        }

        return n;
    }

    /// <summary>
    /// Peak signal-to-noise ratio in dB over the hole pixels, all three channels: 10 log10(1 / MSE) with
    /// values in [0, 1] after 8-bit quantization. +infinity when the holes match exactly; NaN when there
    /// are no hole pixels (nothing to score).
    /// </summary>
    public static double Psnr(ReadOnlySpan<float> reference, ReadOnlySpan<float> filled, ReadOnlySpan<float> holes, int width, int height)
    {
        FillArguments.Check(reference, holes, width, height, filled);
        double sum = 0;
        long count = 0;
        for (int i = 0; i < holes.Length; i++)
        {
            if (holes[i] < 0.5f)
            {
                continue;
            }

            for (int c = 0; c < 3; c++)
            {
                int d = Quantize(reference[(3 * i) + c]) - Quantize(filled[(3 * i) + c]);
                sum += d * d;
            }

            count += 3;
        }

        if (count == 0)
        {
            return double.NaN;
        }

        double mse = sum / count / (255.0 * 255.0);
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(1 / mse);
    }

    /// <summary>
    /// Structural similarity averaged over the hole pixels. The standard SSIM map (Gaussian 11x11 window,
    /// sigma 1.5, C1 = 0.01^2, C2 = 0.03^2, dynamic range 1) is computed per RGB channel, not on luma, so
    /// colour errors count; the three maps are averaged and that average is taken over the hole pixels.
    /// At the image border the window is cut to the image and renormalized, so border pixels get a score
    /// instead of being dropped as in the "valid" variant (holes often touch the crop's edge).
    /// 1 when the holes match exactly; NaN when there are no hole pixels.
    /// </summary>
    public static double Ssim(ReadOnlySpan<float> reference, ReadOnlySpan<float> filled, ReadOnlySpan<float> holes, int width, int height)
    {
        FillArguments.Check(reference, holes, width, height, filled);
        int pixels = width * height;
        int holeCount = HoleCount(holes);
        if (holeCount == 0)
        {
            return double.NaN;
        }

        var x = new double[pixels];
        var y = new double[pixels];
        var products = new double[5][];
        var means = new double[5][];
        for (int k = 0; k < 5; k++)
        {
            products[k] = new double[pixels];
            means[k] = new double[pixels];
        }

        var scratch = new double[pixels];
        double total = 0;
        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < pixels; i++)
            {
                x[i] = Quantize(reference[(3 * i) + c]) / 255.0;
                y[i] = Quantize(filled[(3 * i) + c]) / 255.0;
                products[0][i] = x[i];
                products[1][i] = y[i];
                products[2][i] = x[i] * x[i];
                products[3][i] = y[i] * y[i];
                products[4][i] = x[i] * y[i];
            }

            for (int k = 0; k < 5; k++)
            {
                GaussianBlur(products[k], means[k], scratch, holes, width, height);
            }

            for (int i = 0; i < pixels; i++)
            {
                if (holes[i] < 0.5f)
                {
                    continue;
                }

                double mx = means[0][i], my = means[1][i];
                double vx = means[2][i] - (mx * mx), vy = means[3][i] - (my * my), cov = means[4][i] - (mx * my);
                total += ((2 * mx * my) + SsimC1) * ((2 * cov) + SsimC2) / (((mx * mx) + (my * my) + SsimC1) * (vx + vy + SsimC2));
            }
        }

        return total / (3.0 * holeCount);
    }

    /// <summary>
    /// Separable Gaussian filter of <paramref name="src"/> into <paramref name="dst"/>, the window cut at the border and
    /// renormalized. The second pass runs only at hole pixels, the only places the SSIM map is read.
    /// </summary>
    private static void GaussianBlur(double[] src, double[] dst, double[] scratch, ReadOnlySpan<float> holes, int width, int height)
    {
        int r = SsimWindow / 2;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double sum = 0, weight = 0;
                for (int t = Math.Max(-r, -x); t <= Math.Min(r, width - 1 - x); t++)
                {
                    double g = s_gaussian[t + r];
                    sum += g * src[(y * width) + x + t];
                    weight += g;
                }

                scratch[(y * width) + x] = sum / weight;
            }
        }

        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                if (holes[(y * width) + x] < 0.5f)
                {
                    continue;
                }

                double sum = 0, weight = 0;
                for (int t = Math.Max(-r, -y); t <= Math.Min(r, height - 1 - y); t++)
                {
                    double g = s_gaussian[t + r];
                    sum += g * scratch[((y + t) * width) + x];
                    weight += g;
                }

                dst[(y * width) + x] = sum / weight;
            }
        }
    }

    private static double[] GaussianTaps()
    {
        int r = SsimWindow / 2;
        var taps = new double[SsimWindow];
        double sum = 0;
        for (int i = 0; i < SsimWindow; i++)
        {
            taps[i] = Math.Exp(-((i - r) * (i - r)) / (2 * SsimSigma * SsimSigma));
            sum += taps[i];
        }

        for (int i = 0; i < SsimWindow; i++)
        {
            taps[i] /= sum;
        }

        return taps;
    }
}
