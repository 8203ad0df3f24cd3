namespace MaeRealtime.Training.Data;

/// <summary>
/// Square crops at a chosen scale instead of a chosen area fraction: the side is the model's input edge times a zoom
/// (source pixels per model pixel) drawn log-uniformly from [<see cref="MinZoom"/>, <see cref="MaxZoom"/>].
/// Why: the product fills frames at their native resolution (one frame pixel per model pixel), while the reference's
/// random-resized crop of 20-100 % of a photo shows the model content shrunk 3-8 times. A model trained only on
/// shrunk photos predicts detail that native-scale holes do not have (measured: the same model beat Telea on
/// 4x-downscaled held-out crops and lost to it at native scale).
/// </summary>
/// <param name="MinZoom">Smallest zoom (1 = native scale; below 1 upsamples).</param>
/// <param name="MaxZoom">Largest zoom.</param>
public readonly record struct ZoomCrop(double MinZoom, double MaxZoom)
{
    /// <summary>Throws <see cref="ArgumentException"/> unless 0 &lt; min &lt;= max, both finite.</summary>
    public void Validate()
    {
        if (!(MinZoom > 0) || !double.IsFinite(MaxZoom) || MaxZoom < MinZoom)
        {
            throw new ArgumentException($"Crop zoom range: expected 0 < min <= max, found {MinZoom}..{MaxZoom}.");
        }
    }

    /// <summary>
    /// A square crop of a <paramref name="width"/> x <paramref name="height"/> image for a model input of
    /// <paramref name="outputSize"/> pixels; the side is clamped to the image's short side (small images are seen
    /// zoomed out rather than skipped), the position is uniform over the places it fits.
    /// </summary>
    public CropRect Sample(Random rng, int width, int height, int outputSize)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputSize, 1);
        double logMin = Math.Log(MinZoom), logMax = Math.Log(MaxZoom);
        double zoom = Math.Exp(logMin + ((logMax - logMin) * rng.NextDouble()));
        int side = Math.Clamp((int)Math.Round(outputSize * zoom), 1, Math.Min(width, height));
        int x = rng.Next(width - side + 1);
        int y = rng.Next(height - side + 1);
        return new CropRect(x, y, side, side);
    }

    /// <summary>"MIN,MAX", as <see cref="Parse"/> reads it.</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{MinZoom},{MaxZoom}");

    /// <summary>Parses "MIN,MAX" or a single "ZOOM" (both ends equal).</summary>
    public static ZoomCrop Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2
            || !double.TryParse(parts[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double min)
            || !double.TryParse(parts[^1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double max))
        {
            throw new ArgumentException($"Crop zoom '{text}': expected MIN,MAX or one number, e.g. 1,1.5.");
        }

        var zoom = new ZoomCrop(min, max);
        zoom.Validate();
        return zoom;
    }
}
