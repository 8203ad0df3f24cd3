namespace MaeRealtime.Training.Data;

/// <summary>
/// The crop choice of torchvision's <c>RandomResizedCrop</c> as the reference's pretraining uses it (scale 0.2-1,
/// aspect ratio 3/4-4/3): up to ten tries of a random area fraction and log-uniform aspect ratio that fit the
/// image, else a centre crop clamped to the ratio range.
/// </summary>
public static class RandomResizedCrop
{
    /// <summary>The reference's area fraction range.</summary>
    public const double MinScale = 0.2, MaxScale = 1.0;

    /// <summary>The aspect-ratio (width / height) range.</summary>
    public const double MinRatio = 3.0 / 4.0, MaxRatio = 4.0 / 3.0;

    /// <summary>Chooses a crop of a <paramref name="width"/> x <paramref name="height"/> image.</summary>
    public static CropRect Sample(Random rng, int width, int height, double minScale = MinScale, double maxScale = MaxScale, double minRatio = MinRatio, double maxRatio = MaxRatio)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        double area = (double)width * height;
        double logMin = Math.Log(minRatio), logMax = Math.Log(maxRatio);
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double targetArea = area * (minScale + ((maxScale - minScale) * rng.NextDouble()));
            double aspect = Math.Exp(logMin + ((logMax - logMin) * rng.NextDouble()));
            // Python's round() is round-half-to-even, as is Math.Round's default.
            int w = (int)Math.Round(Math.Sqrt(targetArea * aspect));
            int h = (int)Math.Round(Math.Sqrt(targetArea / aspect));
            if (w > 0 && w <= width && h > 0 && h <= height)
            {
                int y = rng.Next(height - h + 1);
                int x = rng.Next(width - w + 1);
                return new CropRect(x, y, w, h);
            }
        }

        double inRatio = (double)width / height;
        int cw = width, ch = height;
        if (inRatio < minRatio)
        {
            ch = Math.Clamp((int)Math.Round(cw / minRatio), 1, height);
        }
        else if (inRatio > maxRatio)
        {
            cw = Math.Clamp((int)Math.Round(ch * maxRatio), 1, width);
        }

        return new CropRect((width - cw) / 2, (height - ch) / 2, cw, ch);
    }
}
