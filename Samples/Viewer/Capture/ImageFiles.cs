using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace MaeRealtime.Viewer.Capture;

/// <summary>Reads and writes images with ImageSharp restricted to PNG and JPEG (no other decoder ever runs).</summary>
internal static class ImageFiles
{
    /// <summary>
    /// PNG and JPEG only: ImageSharp 2.1.13 has an unfixed advisory in its TIFF decoder, so any other format is
    /// refused as unsupported before a decoder of it runs (as in the editor's ImageFormats).
    /// </summary>
    public static Configuration Configuration { get; } = new(new PngConfigurationModule(), new JpegConfigurationModule());

    /// <summary>Loads <paramref name="path"/> as RGBA8 rows (alpha forced opaque).</summary>
    public static (int Width, int Height, byte[] Rgba) LoadRgba(string path)
    {
        using var image = Image.Load<Rgba32>(Configuration, path);
        var bytes = new byte[image.Width * image.Height * 4];
        image.CopyPixelDataTo(bytes);
        for (int i = 3; i < bytes.Length; i += 4)
        {
            bytes[i] = 255;
        }

        return (image.Width, image.Height, bytes);
    }

    /// <summary>Writes RGBA8 rows as a PNG, atomically (a temporary file renamed over the target).</summary>
    public static void SavePng(string path, int width, int height, ReadOnlySpan<byte> rgba)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = full + $".{Environment.ProcessId}.tmp";
        using (var image = Image.LoadPixelData<Rgba32>(Configuration, rgba, width, height))
        {
            image.Save(temp, new PngEncoder());
        }

        File.Move(temp, full, overwrite: true);
    }
}
