using MaeRealtime.Runtime;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace MaeRealtime.Editor.Imaging;

/// <summary>
/// A CPU-side RGB image: <see cref="Pixels"/> holds Width * Height * 3 floats in [0, 1], row-major,
/// top row first, channels interleaved (R, G, B). Alpha is not kept; images are not colour managed.
/// </summary>
public sealed class RgbImage
{
    /// <summary>Creates a black image.</summary>
    public RgbImage(int width, int height)
        : this(width, height, new float[CheckedLength(width, height)])
    {
    }

    /// <summary>Wraps <paramref name="pixels"/> (not copied; the image owns it from now on).</summary>
    public RgbImage(int width, int height, float[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        int length = CheckedLength(width, height);
        if (pixels.Length != length)
        {
            throw new ArgumentException($"Expected {length} floats for a {width}x{height} RGB image, got {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>RGB interleaved, row-major, in [0, 1]: the red value of pixel (x, y) is at (y * Width + x) * 3.</summary>
    public float[] Pixels { get; }

    /// <summary>
    /// Loads a PNG or JPEG file. 8-bit values v become exactly v / 255f; 16-bit PNGs keep their precision.
    /// Throws <see cref="ImageFileException"/>, naming the file, when it is missing, unreadable or not a PNG/JPEG.
    /// </summary>
    public static RgbImage Load(string path)
    {
        using Image<Rgb48> image = ImageFile.Load<Rgb48>(path, "image");
        var result = new RgbImage(image.Width, image.Height);
        float[] dst = result.Pixels;
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                Span<Rgb48> row = rows.GetRowSpan(y);
                int o = y * rows.Width * 3;
                foreach (Rgb48 p in row)
                {
                    dst[o++] = p.R / 65535f;
                    dst[o++] = p.G / 65535f;
                    dst[o++] = p.B / 65535f;
                }
            }
        });
        return result;
    }

    /// <summary>
    /// Writes an 8-bit RGB PNG atomically: a temp file in the same folder, then renamed over
    /// <paramref name="path"/>, so a failed write leaves an existing file untouched. Values are
    /// clamped to [0, 1] and rounded to the nearest of 256 levels; NaN is written as 0.
    /// </summary>
    public void SaveAsPng(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var image = new Image<Rgb24>(ImageFormats.Configuration, Width, Height);
        float[] src = Pixels;
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                Span<Rgb24> row = rows.GetRowSpan(y);
                int o = y * rows.Width * 3;
                for (int x = 0; x < row.Length; x++, o += 3)
                {
                    row[x] = new Rgb24(ToByte(src[o]), ToByte(src[o + 1]), ToByte(src[o + 2]));
                }
            }
        });

        var encoder = new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8 };
        try
        {
            AtomicFile.Write(path, stream => image.Save(stream, encoder));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImageFileException(path, $"Cannot write image '{path}': {ex.Message}", ex);
        }
    }

    /// <summary>Quantizes one channel value to 8 bits.</summary>
    internal static byte ToByte(float v) =>
        v >= 1f ? (byte)255 : v > 0f ? (byte)MathF.Round(v * 255f) : (byte)0;

    private static int CheckedLength(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        long length = (long)width * height * 3;
        if (length > Array.MaxLength)
        {
            throw new ArgumentException($"A {width}x{height} RGB image is too large.");
        }

        return (int)length;
    }
}
