using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MaeRealtime.Editor.Imaging;

/// <summary>
/// Which pixels of an image are holes to fill. Loaded from a mask image: a pixel is a hole when its
/// red channel (for a gray image, its gray value) is at least <see cref="Threshold"/> out of 255;
/// alpha is ignored. So white (and anti-aliased strokes past half) marks a hole, black keeps the pixel.
/// </summary>
public sealed class HoleMask
{
    /// <summary>The 8-bit red (or gray) value from which a mask pixel counts as a hole.</summary>
    public const byte Threshold = 128;

    /// <summary>Wraps <paramref name="holes"/> (row-major, true = hole; not copied).</summary>
    public HoleMask(int width, int height, bool[] holes)
    {
        ArgumentNullException.ThrowIfNull(holes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if ((long)width * height != holes.Length)
        {
            throw new ArgumentException($"Expected {(long)width * height} entries for a {width}x{height} mask, got {holes.Length}.", nameof(holes));
        }

        Width = width;
        Height = height;
        Holes = holes;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Row-major, one entry per pixel, true = hole: pixel (x, y) is at y * Width + x.</summary>
    public bool[] Holes { get; }

    /// <summary>How many pixels are holes.</summary>
    public int HoleCount => Holes.Count(h => h);

    /// <summary>Whether pixel (<paramref name="x"/>, <paramref name="y"/>) is a hole.</summary>
    public bool IsHole(int x, int y) => Holes[(y * Width) + x];

    /// <summary>
    /// Loads a PNG or JPEG mask (see the class summary for which pixels are holes).
    /// Throws <see cref="ImageFileException"/>, naming the file, when it is missing, unreadable or not a PNG/JPEG.
    /// </summary>
    public static HoleMask Load(string path)
    {
        using Image<Rgb24> image = ImageFile.Load<Rgb24>(path, "mask");
        var holes = new bool[image.Width * image.Height];
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                Span<Rgb24> row = rows.GetRowSpan(y);
                int o = y * rows.Width;
                for (int x = 0; x < row.Length; x++)
                {
                    holes[o + x] = row[x].R >= Threshold;
                }
            }
        });
        return new HoleMask(image.Width, image.Height, holes);
    }

    /// <summary>The mask as floats, 1 = hole, 0 = known, in the same order as <see cref="Holes"/>.</summary>
    public float[] ToFloats()
    {
        var result = new float[Holes.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = Holes[i] ? 1f : 0f;
        }

        return result;
    }

    /// <summary>Writes the mask as an 8-bit PNG, white = hole, black = known, atomically like <see cref="RgbImage.SaveAsPng"/>.</summary>
    public void SaveAsPng(string path)
    {
        var pixels = new float[Holes.Length * 3];
        for (int i = 0; i < Holes.Length; i++)
        {
            float v = Holes[i] ? 1f : 0f;
            pixels[3 * i] = pixels[(3 * i) + 1] = pixels[(3 * i) + 2] = v;
        }

        new RgbImage(Width, Height, pixels).SaveAsPng(path);
    }
}
