namespace MaeRealtime.Training.Eval;

/// <summary>Square crops of RGB images (interleaved floats, row-major) for the eval.</summary>
public static class EvalCrop
{
    /// <summary>The centred <paramref name="size"/> x <paramref name="size"/> crop; the image must be at least that large.</summary>
    public static float[] Center(ReadOnlySpan<float> pixels, int width, int height, int size) =>
        At(pixels, width, height, size, (width - size) / 2, (height - size) / 2);

    /// <summary>A crop at a position drawn from <paramref name="rng"/>, uniform over all positions that fit.</summary>
    public static float[] Random(ReadOnlySpan<float> pixels, int width, int height, int size, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Fits(width, height, size);
        int x0 = rng.Next(width - size + 1), y0 = rng.Next(height - size + 1);
        return At(pixels, width, height, size, x0, y0);
    }

    /// <summary>The crop whose top-left corner is (<paramref name="x0"/>, <paramref name="y0"/>).</summary>
    public static float[] At(ReadOnlySpan<float> pixels, int width, int height, int size, int x0, int y0)
    {
        Fits(width, height, size);
        if (pixels.Length != width * height * 3)
        {
            throw new ArgumentException($"A {width}x{height} RGB image has {width * height * 3} values; got {pixels.Length}.", nameof(pixels));
        }

        if (x0 < 0 || y0 < 0 || x0 + size > width || y0 + size > height)
        {
            throw new ArgumentOutOfRangeException(nameof(x0), $"Crop {size}x{size} at ({x0}, {y0}) leaves the {width}x{height} image.");
        }

        var crop = new float[size * size * 3];
        for (int y = 0; y < size; y++)
        {
            pixels.Slice((((y0 + y) * width) + x0) * 3, size * 3).CopyTo(crop.AsSpan(y * size * 3, size * 3));
        }

        return crop;
    }

    private static void Fits(int width, int height, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (size > width || size > height)
        {
            throw new ArgumentException($"A {size}x{size} crop does not fit a {width}x{height} image.");
        }
    }
}
