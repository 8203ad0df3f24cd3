using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;

namespace MaeRealtime.Editor.Imaging;

/// <summary>The image formats the editor tools read and write.</summary>
public static class ImageFormats
{
    /// <summary>
    /// An ImageSharp configuration that knows PNG and JPEG only. ImageSharp 2.1.13 has an unfixed
    /// advisory in its TIFF decoder; with this configuration a TIFF (or any other format) is rejected
    /// as unsupported before any decoder of it runs.
    /// </summary>
    public static Configuration Configuration { get; } =
        new(new PngConfigurationModule(), new JpegConfigurationModule());

    /// <summary>What <see cref="Configuration"/> decodes, for error messages.</summary>
    public const string SupportedDescription = "PNG or JPEG";
}
