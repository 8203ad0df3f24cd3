using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace MaeRealtime.HostRenderer.Output;

/// <summary>
/// Writes Portable Float Maps: a text header ("Pf" one channel or "PF" three, then "W H", then the scale, negative
/// for little-endian: "-1.0") and float32 samples row by row, the BOTTOM row first as the format says.
/// </summary>
public static class PfmWriter
{
    /// <summary>Writes a one-channel map of <paramref name="values"/> (<paramref name="width"/> x <paramref name="height"/>, top row first in memory).</summary>
    public static void WriteGray(string path, int width, int height, ReadOnlySpan<float> values)
    {
        Require(values.Length, width * height, "values");
        Write(path, width, height, 1, values, interleavedInput: 1);
    }

    /// <summary>
    /// Writes a three-channel map of two-component vectors (<paramref name="xy"/>: x, y per pixel, top row first): the
    /// channels are x, y and 0.
    /// </summary>
    public static void WriteVectors(string path, int width, int height, ReadOnlySpan<float> xy)
    {
        Require(xy.Length, 2 * width * height, "vectors");
        Write(path, width, height, 3, xy, interleavedInput: 2);
    }

    /// <summary>Reads a map written by this class (or any little-endian PFM): channels, size and samples, top row first.</summary>
    public static (int Width, int Height, int Channels, float[] Samples) Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int pos = 0;
        string Token()
        {
            while (pos < bytes.Length && char.IsWhiteSpace((char)bytes[pos]))
            {
                pos++;
            }

            int start = pos;
            while (pos < bytes.Length && !char.IsWhiteSpace((char)bytes[pos]))
            {
                pos++;
            }

            return Encoding.ASCII.GetString(bytes, start, pos - start);
        }

        string magic = Token();
        int channels = magic switch { "Pf" => 1, "PF" => 3, _ => throw new FormatException($"{path}: not a PFM (magic '{magic}')") };
        int width = int.Parse(Token(), CultureInfo.InvariantCulture), height = int.Parse(Token(), CultureInfo.InvariantCulture);
        double scale = double.Parse(Token(), CultureInfo.InvariantCulture);
        pos++; // the single whitespace after the scale
        if (scale >= 0)
        {
            throw new FormatException($"{path}: big-endian PFM (scale {scale}) is not read here");
        }

        var samples = new float[width * height * channels];
        if (bytes.Length - pos != samples.Length * 4)
        {
            throw new FormatException($"{path}: {bytes.Length - pos} data bytes for a {width}x{height}x{channels} map");
        }

        int row = width * channels;
        for (int y = 0; y < height; y++)
        {
            int fileRow = height - 1 - y;
            for (int i = 0; i < row; i++)
            {
                samples[(y * row) + i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(pos + (((fileRow * row) + i) * 4), 4));
            }
        }

        return (width, height, channels, samples);
    }

    private static void Write(string path, int width, int height, int channels, ReadOnlySpan<float> input, int interleavedInput)
    {
        byte[] header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{(channels == 1 ? "Pf" : "PF")}\n{width} {height}\n-1.0\n"));
        var data = new byte[header.Length + (width * height * channels * 4)];
        header.CopyTo(data, 0);
        int o = header.Length;
        for (int y = height - 1; y >= 0; y--)
        {
            for (int x = 0; x < width; x++)
            {
                int i = (y * width) + x;
                for (int c = 0; c < channels; c++)
                {
                    float v = c < interleavedInput ? input[(i * interleavedInput) + c] : 0f;
                    BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(o, 4), v);
                    o += 4;
                }
            }
        }

        AtomicFile.Write(path, data);
    }

    private static void Require(int found, int expected, string what)
    {
        if (found != expected)
        {
            throw new ArgumentException($"PFM: {found} {what} for {expected} samples.");
        }
    }
}

/// <summary>Writes a file through a temporary file in the same folder and a rename, so readers never see half a file.</summary>
internal static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        string temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
        }

        File.Move(temp, path, overwrite: true);
    }

    public static void Write(string path, Action<Stream> write)
    {
        string temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            write(stream);
        }

        File.Move(temp, path, overwrite: true);
    }
}
