namespace MaeRealtime.Training.Tests.Eval;

/// <summary>Small synthetic RGB images (interleaved, [0, 1]) and hole masks for the eval tests.</summary>
internal static class Images
{
    public static float[] Constant(int size, float value)
    {
        var pixels = new float[size * size * 3];
        Array.Fill(pixels, value);
        return pixels;
    }

    public static float[] Noise(int size, int seed)
    {
        var rng = new Random(seed);
        var pixels = new float[size * size * 3];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = rng.Next(256) / 255f;
        }

        return pixels;
    }

    /// <summary>A smooth colour ramp: red grows to the right, green downwards, blue along the diagonal; exact 8-bit values.</summary>
    public static float[] Gradient(int size)
    {
        var pixels = new float[size * size * 3];
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                int i = ((y * size) + x) * 3;
                pixels[i] = MathF.Round(40 + (160f * x / (size - 1))) / 255f;
                pixels[i + 1] = MathF.Round(30 + (180f * y / (size - 1))) / 255f;
                pixels[i + 2] = MathF.Round(200 - (80f * (x + y) / (2 * (size - 1)))) / 255f;
            }
        }

        return pixels;
    }

    public static float[] AddNoise(float[] image, float amplitude, int seed)
    {
        var rng = new Random(seed);
        return image.Select(v => Math.Clamp(v + (amplitude * ((2 * (float)rng.NextDouble()) - 1)), 0f, 1f)).ToArray();
    }

    /// <summary>A mask with one w x h rectangle of holes at (x0, y0).</summary>
    public static float[] Box(int size, int x0, int y0, int w, int h)
    {
        var holes = new float[size * size];
        for (int y = y0; y < y0 + h; y++)
        {
            for (int x = x0; x < x0 + w; x++)
            {
                holes[(y * size) + x] = 1f;
            }
        }

        return holes;
    }

    /// <summary>A 3-pixel-wide diagonal stroke plus a box: holes of two shapes, one touching the border.</summary>
    public static float[] Stroke(int size)
    {
        var holes = Box(size, size - 6, 0, 6, 8);
        for (int t = 0; t < size; t++)
        {
            for (int d = -1; d <= 1; d++)
            {
                int x = Math.Clamp(t + d, 0, size - 1);
                holes[(t * size) + x] = 1f;
            }
        }

        return holes;
    }
}
