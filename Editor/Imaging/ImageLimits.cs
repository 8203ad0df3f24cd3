namespace MaeRealtime.Editor.Imaging;

/// <summary>
/// The largest image the tools decode (README: Commands). Checked on the header before any pixel is decoded, so a file
/// that claims 100000x100000 is refused without allocating for it: at this limit an image takes about 0.5 GiB as the
/// float RGB the frame pass reads.
/// </summary>
public static class ImageLimits
{
    /// <summary>Longest side, in pixels.</summary>
    public const int MaxSide = 16_384;

    /// <summary>Most pixels (covers 8K UHD, 7680x4320 = 33.2 megapixels).</summary>
    public const long MaxPixels = 40_000_000;

    /// <summary>Whether an image of <paramref name="width"/> x <paramref name="height"/> may be decoded.</summary>
    public static bool Allows(int width, int height) =>
        width is >= 1 and <= MaxSide && height is >= 1 and <= MaxSide && (long)width * height <= MaxPixels;

    /// <summary>One line saying the limit, for error messages.</summary>
    public static string Describe(int width, int height) =>
        $"{width}x{height} exceeds the size limit (1..{MaxSide} pixels a side and at most {MaxPixels / 1_000_000} megapixels)";
}
