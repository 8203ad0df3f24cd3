namespace MaeRealtime.Runtime.Tests.Reference;

/// <summary>CPU reference of residual_pushpull.comp: the same pyramid, in double precision.</summary>
public static class CpuResidualPushPull
{
    /// <summary>
    /// Returns the composite after the residual fill; <paramref name="output"/> is the composite before it. The residual
    /// is sampled on the known pixels of every patch that holds a hole pixel. With <paramref name="blend"/>
    /// (<c>HoleFill.ResidualPushPullBlend</c>) each hole pixel then takes the mean of that fill and a push-pull
    /// interpolation of all known pixels of its tile.
    /// </summary>
    public static float[] Run(float[] image, float[] mask, float[] recon, float[] output, int batch, int s, int p, bool blend = false)
    {
        int g = s / p, l = g * g;
        var result = (float[])output.Clone();
        for (int b = 0; b < batch; b++)
        {
            var touched = new bool[l];
            for (int i = 0; i < s * s; i++)
            {
                touched[((i / s / p) * g) + (i % s / p)] |= mask[(b * s * s) + i] >= 0.5f;
            }

            // Level 0 of the residual pyramid: weight 1 on the known pixels of touched patches; of the colour pyramid: every known pixel.
            var residual = new double[s * s * 3];
            var residualWeight = new double[s * s];
            var colour = new double[s * s * 3];
            var colourWeight = new double[s * s];
            for (int y = 0; y < s; y++)
            {
                for (int x = 0; x < s; x++)
                {
                    int at = (y * s) + x, pix = (b * s * s) + at;
                    if (mask[pix] >= 0.5f)
                    {
                        continue;
                    }

                    colourWeight[at] = 1;
                    residualWeight[at] = touched[((y / p) * g) + (x / p)] ? 1 : 0;
                    for (int c = 0; c < 3; c++)
                    {
                        colour[(at * 3) + c] = image[(pix * 3) + c];
                        residual[(at * 3) + c] = residualWeight[at] * (image[(pix * 3) + c] - recon[(pix * 3) + c]);
                    }
                }
            }

            var spreadResidual = Spread(residual, residualWeight, s);
            var spreadColour = blend ? Spread(colour, colourWeight, s) : null;
            for (int y = 0; y < s; y++)
            {
                for (int x = 0; x < s; x++)
                {
                    int pix = (b * s * s) + (y * s) + x;
                    if (mask[pix] < 0.5f)
                    {
                        continue;
                    }

                    var r = spreadResidual?.Invoke(x, y) ?? new double[3];
                    var interpolated = spreadColour?.Invoke(x, y);
                    for (int c = 0; c < 3; c++)
                    {
                        float fill = (float)Math.Clamp(recon[(pix * 3) + c] + r[c], 0, 1);
                        result[(pix * 3) + c] = interpolated is null ? fill : (float)Math.Clamp(0.5 * (fill + interpolated[c]), 0, 1);
                    }
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Push-pull of level 0 (<paramref name="values"/> rgb, <paramref name="weights"/>): the spread value at any pixel
    /// (level 1, upsampled); null when the tile is a single pixel (no level 1).
    /// </summary>
    private static Func<int, int, double[]>? Spread(double[] values, double[] weights, int s)
    {
        var levels = new List<(double[] R, double[] W, int N)> { (values, weights, s) };
        while (levels[^1].N > 1)
        {
            var (fr, fw, fn) = levels[^1];
            int n = (fn + 1) / 2;
            var r = new double[n * n * 3];
            var w = new double[n * n];
            for (int y = 0; y < n; y++)
            {
                for (int x = 0; x < n; x++)
                {
                    double sw = 0;
                    var sum = new double[3];
                    for (int dy = 0; dy < 2; dy++)
                    {
                        for (int dx = 0; dx < 2; dx++)
                        {
                            int cx = (2 * x) + dx, cy = (2 * y) + dy;
                            if (cx < fn && cy < fn)
                            {
                                double cw = fw[(cy * fn) + cx];
                                sw += cw;
                                for (int c = 0; c < 3; c++)
                                {
                                    sum[c] += fr[(((cy * fn) + cx) * 3) + c] * cw;
                                }
                            }
                        }
                    }

                    w[(y * n) + x] = Math.Min(sw, 1);
                    for (int c = 0; c < 3; c++)
                    {
                        r[(((y * n) + x) * 3) + c] = sw > 0 ? sum[c] / sw : 0;
                    }
                }
            }

            levels.Add((r, w, n));
        }

        for (int k = levels.Count - 2; k >= 1; k--)
        {
            var (r, w, n) = levels[k];
            for (int y = 0; y < n; y++)
            {
                for (int x = 0; x < n; x++)
                {
                    var up = Upsample(levels[k + 1], x, y);
                    double wt = w[(y * n) + x];
                    for (int c = 0; c < 3; c++)
                    {
                        r[(((y * n) + x) * 3) + c] = (up[c] * (1 - wt)) + (r[(((y * n) + x) * 3) + c] * wt);
                    }
                }
            }
        }

        return levels.Count > 1 ? (x, y) => Upsample(levels[1], x, y) : null;
    }

    private static double[] Upsample((double[] R, double[] W, int N) coarse, int x, int y)
    {
        double px = ((x + 0.5) * 0.5) - 0.5, py = ((y + 0.5) * 0.5) - 0.5;
        int ix = (int)Math.Floor(px), iy = (int)Math.Floor(py);
        double fx = px - ix, fy = py - iy;
        int n = coarse.N;
        int lx = Math.Clamp(ix, 0, n - 1), hx = Math.Clamp(ix + 1, 0, n - 1), ly = Math.Clamp(iy, 0, n - 1), hy = Math.Clamp(iy + 1, 0, n - 1);
        var result = new double[3];
        for (int c = 0; c < 3; c++)
        {
            double a = coarse.R[(((ly * n) + lx) * 3) + c], b = coarse.R[(((ly * n) + hx) * 3) + c];
            double d = coarse.R[(((hy * n) + lx) * 3) + c], e = coarse.R[(((hy * n) + hx) * 3) + c];
            result[c] = (((a * (1 - fx)) + (b * fx)) * (1 - fy)) + (((d * (1 - fx)) + (e * fx)) * fy);
        }

        return result;
    }
}
