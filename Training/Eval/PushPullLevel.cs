namespace MaeRealtime.Training.Eval;

/// <summary>One pyramid level: colour (the validity-weighted average, not premultiplied) and validity in [0, 1].</summary>
internal sealed class PushPullLevel
{
    private PushPullLevel(int width, int height)
    {
        Width = width;
        Height = height;
        Color = new double[width * height * 3];
        Weight = new double[width * height];
    }

    public int Width { get; }

    public int Height { get; }

    public double[] Color { get; }

    public double[] Weight { get; }

    /// <summary>Whether some pixel has no valid source at all (validity 0).</summary>
    public bool HasEmpty => Array.IndexOf(Weight, 0.0) >= 0;

    public static PushPullLevel FromImage(ReadOnlySpan<float> image, ReadOnlySpan<float> holes, int width, int height)
    {
        var level = new PushPullLevel(width, height);
        for (int i = 0; i < holes.Length; i++)
        {
            level.Weight[i] = holes[i] >= 0.5f ? 0 : 1;
            for (int c = 0; c < 3; c++)
            {
                level.Color[(3 * i) + c] = image[(3 * i) + c];
            }
        }

        return level;
    }

    /// <summary>The next coarser level: each pixel averages its (up to) 2x2 children by validity.</summary>
    public PushPullLevel Pull()
    {
        var coarse = new PushPullLevel((Width + 1) / 2, (Height + 1) / 2);
        for (int y = 0; y < coarse.Height; y++)
        {
            for (int x = 0; x < coarse.Width; x++)
            {
                double sumW = 0, r = 0, g = 0, b = 0;
                int children = 0;
                for (int dy = 0; dy < 2; dy++)
                {
                    for (int dx = 0; dx < 2; dx++)
                    {
                        int fx = (2 * x) + dx, fy = (2 * y) + dy;
                        if (fx >= Width || fy >= Height)
                        {
                            continue;
                        }

                        int f = (fy * Width) + fx;
                        double w = Weight[f];
                        sumW += w;
                        r += w * Color[3 * f];
                        g += w * Color[(3 * f) + 1];
                        b += w * Color[(3 * f) + 2];
                        children++;
                    }
                }

                int i = (y * coarse.Width) + x;
                coarse.Weight[i] = sumW / children;
                if (sumW > 0)
                {
                    coarse.Color[3 * i] = r / sumW;
                    coarse.Color[(3 * i) + 1] = g / sumW;
                    coarse.Color[(3 * i) + 2] = b / sumW;
                }
            }
        }

        return coarse;
    }

    /// <summary>Blends every pixel with the upsampled <paramref name="coarse"/> level by its validity; afterwards the level is fully valid.</summary>
    public void PushFrom(PushPullLevel coarse)
    {
        Span<double> up = stackalloc double[3];
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                int i = (y * Width) + x;
                double w = Math.Clamp(Weight[i], 0, 1);
                coarse.SampleForFiner(x, y, up);
                for (int c = 0; c < 3; c++)
                {
                    Color[(3 * i) + c] = (w * Color[(3 * i) + c]) + ((1 - w) * up[c]);
                }

                Weight[i] = 1;
            }
        }
    }

    public void SetAll(double value)
    {
        Array.Fill(Color, value);
        Array.Fill(Weight, 1.0);
    }

    /// <summary>Bilinear sample of this level at the centre of pixel (<paramref name="fx"/>, <paramref name="fy"/>) of the next finer level.</summary>
    public void SampleForFiner(int fx, int fy, Span<double> rgb)
    {
        double u = ((fx + 0.5) / 2) - 0.5, v = ((fy + 0.5) / 2) - 0.5;
        int x0 = (int)Math.Floor(u), y0 = (int)Math.Floor(v);
        double tx = u - x0, ty = v - y0;
        int xa = Math.Clamp(x0, 0, Width - 1), xb = Math.Clamp(x0 + 1, 0, Width - 1);
        int ya = Math.Clamp(y0, 0, Height - 1), yb = Math.Clamp(y0 + 1, 0, Height - 1);
        for (int c = 0; c < 3; c++)
        {
            double top = ((1 - tx) * Color[(((ya * Width) + xa) * 3) + c]) + (tx * Color[(((ya * Width) + xb) * 3) + c]);
            double bottom = ((1 - tx) * Color[(((yb * Width) + xa) * 3) + c]) + (tx * Color[(((yb * Width) + xb) * 3) + c]);
            rgb[c] = ((1 - ty) * top) + (ty * bottom);
        }
    }
}
