using MaeRealtime.Editor.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// Loads the per-frame files of a sequence with the checks a sequence needs on top of the file formats': the frame's
/// size, and for PFMs the channel count (depth "Pf", one channel; motion "PF", three). Errors name the file, what was
/// expected and what was found (<see cref="ImageFileException"/>).
/// </summary>
internal static class SequenceGuideFiles
{
    /// <summary>Depth of a <paramref name="width"/> x <paramref name="height"/> frame from a one-channel PFM, top row first.</summary>
    public static float[] LoadDepth(string path, int width, int height)
    {
        var pfm = PfmFile.Read(path, "depth");
        Check(path, "depth", pfm, 1, "Pf", width, height);
        return pfm.Values;
    }

    /// <summary>
    /// Motion (x, y per pixel, in pixels) of a <paramref name="width"/> x <paramref name="height"/> frame from a three-channel
    /// PFM. NaN is allowed (docs/SEQUENCES.md): "no previous position", which the runtime's history and the flicker
    /// meter both skip; an infinite vector is refused as a broken file.
    /// </summary>
    public static float[] LoadMotion(string path, int width, int height)
    {
        var pfm = PfmFile.Read(path, "motion", requireFinite: false);
        Check(path, "motion", pfm, 3, "PF", width, height);
        for (int k = 0; k < pfm.Values.Length; k++)
        {
            if (float.IsInfinity(pfm.Values[k]))
            {
                int pixel = k / 3;
                throw new ImageFileException(path, $"The motion '{path}' has an infinite value at pixel ({pixel % width}, {pixel / width}) (x, y from the top left); motion must be finite, or NaN where no previous position is known.");
            }
        }

        return pfm.ToMotion();
    }

    /// <summary>A PNG/JPEG as RGBA8 with alpha 255 (the runtime's input; alpha is not used), checked to be <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static byte[] LoadRgba(string path, string what, int width, int height)
    {
        using Image<Rgba32> image = ImageFile.Load<Rgba32>(path, what);
        CheckSize(path, what, image.Width, image.Height, width, height);
        var rgba = new byte[width * height * 4];
        image.CopyPixelDataTo(rgba);
        for (int i = 3; i < rgba.Length; i += 4)
        {
            rgba[i] = 255;
        }

        return rgba;
    }

    /// <summary>A hole mask (hole where red &gt;= 128) as bytes, 255 = hole, checked to be <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static byte[] LoadMask(string path, int width, int height)
    {
        var mask = HoleMask.Load(path);
        CheckSize(path, "mask", mask.Width, mask.Height, width, height);
        return Frames.FrameRgba.MaskBytes(mask);
    }

    /// <summary>Throws when a file's size is not the frame's.</summary>
    public static void CheckSize(string path, string what, int foundWidth, int foundHeight, int width, int height)
    {
        if (foundWidth != width || foundHeight != height)
        {
            throw new ImageFileException(path, $"The {what} '{path}' is {foundWidth}x{foundHeight}; the sequence's frames are {width}x{height}.");
        }
    }

    private static void Check(string path, string what, PfmImage pfm, int channels, string type, int width, int height)
    {
        if (pfm.Channels != channels)
        {
            throw new ImageFileException(path, $"The {what} '{path}' has {pfm.Channels} channel(s); {what} needs a {channels}-channel PFM (\"{type}\").");
        }

        CheckSize(path, what, pfm.Width, pfm.Height, width, height);
    }
}
