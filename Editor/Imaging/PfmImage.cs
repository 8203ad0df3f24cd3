namespace MaeRealtime.Editor.Imaging;

/// <summary>
/// A float image as <see cref="PfmFile"/> reads and writes it: <see cref="Values"/> holds Width * Height * Channels
/// floats, row-major, TOP row first (the file stores the bottom row first; the reader and writer flip), channels
/// interleaved. One channel (depth) or three (motion: x, y, 0).
/// </summary>
public sealed class PfmImage
{
    /// <summary>Wraps <paramref name="values"/> (not copied).</summary>
    public PfmImage(int width, int height, int channels, float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (channels is not (1 or 3))
        {
            throw new ArgumentException($"A PFM image has 1 or 3 channels; got {channels}.", nameof(channels));
        }

        if (!ImageLimits.Allows(width, height))
        {
            throw new ArgumentException(ImageLimits.Describe(width, height), nameof(width));
        }

        if ((long)width * height * channels != values.Length)
        {
            throw new ArgumentException($"A {width}x{height} PFM image with {channels} channel(s) has {(long)width * height * channels} values; got {values.Length}.", nameof(values));
        }

        Width = width;
        Height = height;
        Channels = channels;
        Values = values;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>1 ("Pf", grayscale) or 3 ("PF", colour).</summary>
    public int Channels { get; }

    /// <summary>Row-major, top row first, channels interleaved: channel c of pixel (x, y) is at (y * Width + x) * Channels + c.</summary>
    public float[] Values { get; }

    /// <summary>Motion as the runtime takes it: x, y per pixel (the third channel dropped). Needs three channels.</summary>
    public float[] ToMotion()
    {
        if (Channels != 3)
        {
            throw new InvalidOperationException($"Motion needs a 3-channel PFM; this one has {Channels}.");
        }

        int pixels = Width * Height;
        var motion = new float[pixels * 2];
        for (int i = 0; i < pixels; i++)
        {
            motion[2 * i] = Values[3 * i];
            motion[(2 * i) + 1] = Values[(3 * i) + 1];
        }

        return motion;
    }

    /// <summary>A 3-channel image of motion vectors (x, y per pixel; the third channel 0), as <c>motion/NNNN.pfm</c> holds them.</summary>
    public static PfmImage FromMotion(int width, int height, ReadOnlySpan<float> motion)
    {
        int pixels = width * height;
        if (motion.Length != 2 * pixels)
        {
            throw new ArgumentException($"Motion of a {width}x{height} frame has {2 * pixels} values; got {motion.Length}.", nameof(motion));
        }

        var values = new float[pixels * 3];
        for (int i = 0; i < pixels; i++)
        {
            values[3 * i] = motion[2 * i];
            values[(3 * i) + 1] = motion[(2 * i) + 1];
        }

        return new PfmImage(width, height, 3, values);
    }
}
