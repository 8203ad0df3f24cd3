using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace MaeRealtime.HostRenderer.Output;

/// <summary>Writes read-back RGBA8 frames as PNG, alone or as input | output side by side.</summary>
public static class PngFrameWriter
{
    /// <summary>An ImageSharp configuration that knows PNG only (no other decoder or encoder is reachable).</summary>
    public static Configuration Configuration { get; } = new(new PngConfigurationModule());

    private static readonly PngEncoder Encoder = new() { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8 };

    /// <summary>
    /// Writes <paramref name="output"/> (width x height RGBA8) to <paramref name="path"/>; with <paramref name="input"/>
    /// non-empty, the PNG is twice as wide: input on the left, output on the right. <paramref name="scratch"/> is
    /// reused for the side-by-side pixels (grown when too small).
    /// </summary>
    public static void Write(string path, int width, int height, ReadOnlySpan<byte> output, ReadOnlySpan<byte> input, ref byte[]? scratch)
    {
        ReadOnlySpan<byte> pixels = output;
        int imageWidth = width;
        if (!input.IsEmpty)
        {
            imageWidth = 2 * width;
            int row = width * 4;
            int bytes = imageWidth * height * 4;
            if (scratch is null || scratch.Length < bytes)
            {
                scratch = new byte[bytes];
            }

            for (int y = 0; y < height; y++)
            {
                input.Slice(y * row, row).CopyTo(scratch.AsSpan(2 * y * row, row));
                output.Slice(y * row, row).CopyTo(scratch.AsSpan((2 * y * row) + row, row));
            }

            pixels = scratch.AsSpan(0, bytes);
        }

        using var image = Image.LoadPixelData<Rgba32>(Configuration, pixels, imageWidth, height);
        string temp = path + ".tmp";
        image.Save(temp, Encoder);
        File.Move(temp, path, overwrite: true);
    }
}
