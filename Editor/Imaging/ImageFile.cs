using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MaeRealtime.Editor.Imaging;

/// <summary>Decodes an image file with <see cref="ImageFormats.Configuration"/>, turning every failure into an <see cref="ImageFileException"/> that names the file.</summary>
internal static class ImageFile
{
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

        return info is null
            ? throw new ImageFileException(path, $"Cannot read {what} '{path}': not a {ImageFormats.SupportedDescription} image.")
            : (info.Width, info.Height);
    }

    /// <summary>Loads <paramref name="path"/> as <typeparamref name="TPixel"/>; <paramref name="what"/> ("image", "mask") goes into error messages. The caller disposes the result.</summary>
    public static Image<TPixel> Load<TPixel>(string path, string what)
        where TPixel : unmanaged, IPixel<TPixel>
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

        try
        {
            return Image.Load<TPixel>(ImageFormats.Configuration, path);
        }
        catch (UnknownImageFormatException ex)
        {
            throw new ImageFileException(path, $"Cannot read {what} '{path}': not a {ImageFormats.SupportedDescription} image.", ex);
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
    }
}
