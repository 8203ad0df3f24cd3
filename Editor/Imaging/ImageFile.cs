using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MaeRealtime.Editor.Imaging;

/// <summary>Decodes an image file with <see cref="ImageFormats.Configuration"/>, turning every failure into an <see cref="ImageFileException"/> that names the file.</summary>
internal static class ImageFile
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    // The IEND chunk: its name and its CRC (its length field, 0, precedes it).
    private static ReadOnlySpan<byte> PngEnd => [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];

    private static ReadOnlySpan<byte> JpegEnd => [0xFF, 0xD9];

    /// <summary>
    /// The pixel size of <paramref name="path"/> from its header, without decoding the pixels; <paramref name="what"/> ("image",
    /// "mask") goes into error messages.
    /// </summary>
    public static (int Width, int Height) Identify(string path, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new ImageFileException(path, $"Cannot read {what} '{path}': file not found.");
        }

        IImageInfo? info;
        try
        {
            using var stream = File.OpenRead(path);
            info = Image.Identify(ImageFormats.Configuration, stream);
        }
        catch (Exception ex) when (ex is InvalidImageContentException or ImageFormatException or IOException or UnauthorizedAccessException)
        {
            throw new ImageFileException(path, $"Cannot read {what} '{path}': {ex.Message}", ex);
        }
        catch (Exception ex) when (IsDecoderFailure(ex))
        {
            throw Damaged(path, what, ex);
        }

        if (info is null)
        {
            throw new ImageFileException(path, $"Cannot read {what} '{path}': not a {ImageFormats.SupportedDescription} image.");
        }

        if (!ImageLimits.Allows(info.Width, info.Height))
        {
            throw new ImageFileException(path, $"Cannot read {what} '{path}': {ImageLimits.Describe(info.Width, info.Height)}.");
        }

        return (info.Width, info.Height);
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading: a directory or a missing file is an <see cref="ImageFileException"/> naming
    /// the file and <paramref name="what"/> it was to be ("image", "mask", "depth"); other I/O errors are the caller's to
    /// word. The one place these checks live (images here, PFM files in <see cref="PfmFile"/>).
    /// </summary>
    internal static FileStream OpenRead(string path, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            throw new ImageFileException(path, $"Cannot read {what} '{path}': it is a directory.");
        }

        if (!File.Exists(path))
        {
            throw new ImageFileException(path, $"Cannot read {what} '{path}': file not found.");
        }

        return File.OpenRead(path);
    }

    /// <summary>Loads <paramref name="path"/> as <typeparamref name="TPixel"/>; <paramref name="what"/> ("image", "mask") goes into error messages. The caller disposes the result.</summary>
    public static Image<TPixel> Load<TPixel>(string path, string what)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using var stream = OpenRead(path, what);
            // The header first: a hostile size is refused before the decoder allocates by it.
            var info = Image.Identify(ImageFormats.Configuration, stream)
                ?? throw new UnknownImageFormatException("no PNG or JPEG header");
            if (!ImageLimits.Allows(info.Width, info.Height))
            {
                throw new ImageFileException(path, $"Cannot read {what} '{path}': {ImageLimits.Describe(info.Width, info.Height)}.");
            }

            stream.Position = 0;
            RequireComplete(path, what, stream);
            stream.Position = 0;
            return Image.Load<TPixel>(ImageFormats.Configuration, stream);
        }
        catch (UnknownImageFormatException ex)
        {
            throw new ImageFileException(path, $"Cannot read {what} '{path}': not a {ImageFormats.SupportedDescription} image.", ex);
        }
        catch (ImageFileException)
        {
            throw;
        }
        catch (InvalidImageContentException ex)
        {
            throw new ImageFileException(path, $"Cannot read {what} '{path}': the file is damaged ({ex.Message}).", ex);
        }
        catch (ImageFormatException ex)
        {
            throw new ImageFileException(path, $"Cannot read {what} '{path}': {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImageFileException(path, $"Cannot read {what} '{path}': {ex.Message}", ex);
        }
        catch (Exception ex) when (IsDecoderFailure(ex))
        {
            throw Damaged(path, what, ex);
        }
    }

    // ImageSharp's decoders report some malformed headers and chunks with general exception types
    // (NotSupportedException for a bit depth of 7, ArgumentOutOfRangeException for a chunk length that lies): from a
    // decoder fed untrusted bytes, any of these means a damaged file, not a bug of ours (found by `mae fuzz --kind image`).
    private static bool IsDecoderFailure(Exception ex) =>
        ex is NotSupportedException or ArgumentException or InvalidOperationException or IndexOutOfRangeException
            or OverflowException or InvalidCastException or NullReferenceException or FormatException;

    private static ImageFileException Damaged(string path, string what, Exception ex) =>
        new(path, $"Cannot read {what} '{path}': the file is damaged or unsupported ({ex.Message.TrimEnd('.')}).", ex);

    /// <summary>
    /// Refuses a truncated file: ImageSharp decodes what it can of a cut-off PNG or JPEG and fills the rest, which
    /// would be silently wrong input. A PNG must end with its IEND chunk, a JPEG must hold its end-of-image marker
    /// (FF D9) in its last 64 KiB (some writers append a little data after it).
    /// </summary>
    private static void RequireComplete(string path, string what, Stream stream)
    {
        const int tailBytes = 64 * 1024;
        Span<byte> head = stackalloc byte[8];
        int headCount = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        long length = stream.Length;
        int tailCount = (int)Math.Min(tailBytes, length);
        var tail = new byte[tailCount];
        stream.Position = length - tailCount;
        stream.ReadExactly(tail);
        bool png = headCount >= 8 && head.StartsWith(PngSignature);
        bool complete = png ? tail.AsSpan().EndsWith(PngEnd) : tail.AsSpan().IndexOf(JpegEnd) >= 0;
        if (!complete)
        {
            throw new ImageFileException(path, $"Cannot read {what} '{path}': the file is truncated (no {(png ? "IEND chunk at the end" : "JPEG end-of-image marker")}).");
        }
    }
}
