using MaeRealtime.Editor.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// The photo a synthetic sequence is cut from, scaled so its short side is <see cref="Margin"/> times the frame side:
/// a whole photo would be a detail-free blur at 256 px and a 256 px crop of a 2560 px photo a detail of a detail, and
/// a pan needs room to move. Static and pan sequences of one photo see the same scale. Held as RGBA8 (alpha 255).
/// </summary>
internal sealed class SequencePhoto
{
    /// <summary>Short side of the scaled photo over the frame side.</summary>
    public const double Margin = 1.5;

    private SequencePhoto(string id, int width, int height, byte[] rgba)
    {
        Id = id;
        Width = width;
        Height = height;
        Rgba = rgba;
    }

    /// <summary>The photo's id (its relative path under the image folder).</summary>
    public string Id { get; }

    /// <summary>Width after scaling.</summary>
    public int Width { get; }

    /// <summary>Height after scaling.</summary>
    public int Height { get; }

    /// <summary>RGBA8 pixels, row-major.</summary>
    public byte[] Rgba { get; }

    /// <summary>
    /// Loads <paramref name="path"/> and scales it (bicubic) for <paramref name="frameWidth"/> x <paramref name="frameHeight"/> frames.
    /// Throws <see cref="ImageFileException"/> naming the file when it cannot be read.
    /// </summary>
    public static SequencePhoto Load(string path, string id, int frameWidth, int frameHeight)
    {
        using Image<Rgba32> image = ImageFile.Load<Rgba32>(path, "photo");
        double scale = Margin * Math.Max(frameWidth, frameHeight) / Math.Min(image.Width, image.Height);
        int width = Math.Max(frameWidth, (int)Math.Round(image.Width * scale)), height = Math.Max(frameHeight, (int)Math.Round(image.Height * scale));
        image.Mutate(x => x.Resize(width, height, KnownResamplers.Bicubic));
        var rgba = new byte[width * height * 4];
        image.CopyPixelDataTo(rgba);
        for (int i = 3; i < rgba.Length; i += 4)
        {
            rgba[i] = 255;
        }

        return new SequencePhoto(id, width, height, rgba);
    }

    /// <summary>A photo from pixels already in memory (tests).</summary>
    public static SequencePhoto FromPixels(string id, int width, int height, byte[] rgba)
    {
        if (rgba.Length != width * height * 4)
        {
            throw new ArgumentException($"A {width}x{height} RGBA8 photo has {width * height * 4} bytes; got {rgba.Length}.", nameof(rgba));
        }

        return new SequencePhoto(id, width, height, rgba);
    }

    /// <summary>The <paramref name="width"/> x <paramref name="height"/> window whose top-left corner is (<paramref name="x0"/>, <paramref name="y0"/>).</summary>
    public byte[] Window(int x0, int y0, int width, int height)
    {
        if (x0 < 0 || y0 < 0 || x0 + width > Width || y0 + height > Height)
        {
            throw new ArgumentOutOfRangeException(nameof(x0), $"A {width}x{height} window at ({x0}, {y0}) leaves the {Width}x{Height} photo.");
        }

        var window = new byte[width * height * 4];
        for (int y = 0; y < height; y++)
        {
            Rgba.AsSpan((((y0 + y) * Width) + x0) * 4, width * 4).CopyTo(window.AsSpan(y * width * 4));
        }

        return window;
    }
}
