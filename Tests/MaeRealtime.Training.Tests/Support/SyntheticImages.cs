using MaeRealtime.Training.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MaeRealtime.Training.Tests.Support;

/// <summary>Small deterministic images for data and trainer tests: smooth gradients with a few rectangles, so crops differ.</summary>
internal static class SyntheticImages
{
    /// <summary>An in-memory image of <paramref name="width"/> x <paramref name="height"/> drawn from <paramref name="seed"/>.</summary>
    public static DecodedImage Create(int width, int height, int seed, string? name = null)
    {
        var rng = new Random(seed);
        var rgb = new byte[width * height * 3];
        double a = rng.NextDouble(), b = rng.NextDouble(), c = rng.NextDouble();
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int o = ((y * width) + x) * 3;
                rgb[o] = (byte)(255 * ((a + ((double)x / width)) % 1.0));
                rgb[o + 1] = (byte)(255 * ((b + ((double)y / height)) % 1.0));
                rgb[o + 2] = (byte)(255 * ((c + ((double)(x + y) / (width + height))) % 1.0));
            }
        }

        for (int r = 0; r < 3; r++)
        {
            int x0 = rng.Next(width / 2), y0 = rng.Next(height / 2), w = 1 + rng.Next(width / 2), h = 1 + rng.Next(height / 2);
            byte v = (byte)rng.Next(256);
            for (int y = y0; y < Math.Min(height, y0 + h); y++)
            {
                for (int x = x0; x < Math.Min(width, x0 + w); x++)
                {
                    rgb[(((y * width) + x) * 3) + r] = v;
                }
            }
        }

        return new DecodedImage(name ?? $"synthetic-{seed}", width, height, rgb);
    }

    /// <summary>A dataset of <paramref name="count"/> synthetic images of varied sizes.</summary>
    public static ImageDataset Dataset(int count, int seed = 0) =>
        ImageDataset.FromImages(Enumerable.Range(0, count).Select(i => Create(48 + (8 * (i % 3)), 40 + (8 * (i % 4)), seed + i)));

    /// <summary>Writes <paramref name="image"/> as a PNG file.</summary>
    public static void SavePng(DecodedImage image, string path)
    {
        using var png = Image.LoadPixelData<Rgb24>(image.Rgb, image.Width, image.Height);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        png.SaveAsPng(path);
    }
}
