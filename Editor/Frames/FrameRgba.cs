using MaeRealtime.Editor.Imaging;

namespace MaeRealtime.Editor.Frames;

/// <summary>
/// Converts the editor's images to and from what <see cref="Runtime.Frames.ImageInpainter"/> takes: RGBA8 bytes
/// (alpha 255) and one mask byte per pixel (255 = hole). 8-bit values survive the round trip exactly, so known
/// pixels of a filled PNG equal the input's.
/// </summary>
internal static class FrameRgba
{
    /// <summary>The image as RGBA8, each channel quantized as the PNG writer does, alpha 255.</summary>
    public static byte[] FromImage(RgbImage image)
    {
        int pixels = image.Width * image.Height;
        var rgba = new byte[pixels * 4];
        float[] src = image.Pixels;
        for (int i = 0; i < pixels; i++)
        {
            rgba[(i * 4) + 0] = RgbImage.ToByte(src[(i * 3) + 0]);
            rgba[(i * 4) + 1] = RgbImage.ToByte(src[(i * 3) + 1]);
            rgba[(i * 4) + 2] = RgbImage.ToByte(src[(i * 3) + 2]);
            rgba[(i * 4) + 3] = 255;
        }

        return rgba;
    }

    /// <summary>An RGB image from RGBA8 bytes (alpha dropped): each value v becomes v / 255f.</summary>
    public static RgbImage ToImage(ReadOnlySpan<byte> rgba, int width, int height)
    {
        var image = new RgbImage(width, height);
        float[] dst = image.Pixels;
        for (int i = 0; i < width * height; i++)
        {
            dst[(i * 3) + 0] = rgba[(i * 4) + 0] / 255f;
            dst[(i * 3) + 1] = rgba[(i * 4) + 1] / 255f;
            dst[(i * 3) + 2] = rgba[(i * 4) + 2] / 255f;
        }

        return image;
    }

    /// <summary>The mask as bytes: 255 where <paramref name="mask"/> has a hole, else 0.</summary>
    public static byte[] MaskBytes(HoleMask mask)
    {
        var bytes = new byte[mask.Holes.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = mask.Holes[i] ? (byte)255 : (byte)0;
        }

        return bytes;
    }

    /// <summary>Mask bytes as floats (1 = hole), the eval metrics' convention.</summary>
    public static float[] MaskFloats(ReadOnlySpan<byte> mask)
    {
        var holes = new float[mask.Length];
        for (int i = 0; i < holes.Length; i++)
        {
            holes[i] = mask[i] >= HoleMask.Threshold ? 1f : 0f;
        }

        return holes;
    }
}
