using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using MaeRealtime.Runtime;

namespace MaeRealtime.Editor.Imaging;

/// <summary>
/// Portable FloatMap files (PFM), the float images of sequence folders (docs/SEQUENCES.md): depth as "Pf" (one
/// channel) and motion vectors as "PF" (three channels: x, y, 0). The header is three whitespace-separated ASCII
/// tokens: the type, "width height", and a scale whose sign gives the byte order (negative: little-endian, positive:
/// big-endian; its magnitude is not used), followed by exactly one whitespace byte and width x height x channels
/// float32 values, rows from BOTTOM to top as the format specifies. Files come from other programs, so everything is
/// checked before it is trusted: the header's tokens and sizes (within <see cref="ImageLimits"/>), that the file holds
/// exactly the pixels the header promises (no truncation, no trailing bytes), and, unless the caller allows them, that
/// every value is finite. Every refusal is an <see cref="ImageFileException"/> naming the file and what was expected.
/// </summary>
public static class PfmFile
{
    /// <summary>Longest header the reader accepts: three short tokens never need more, and a bound keeps a garbage file from being scanned.</summary>
    public const int MaxHeaderBytes = 128;

    /// <summary>
    /// Reads <paramref name="path"/>; <paramref name="what"/> ("depth", "motion") goes into error messages. With
    /// <paramref name="requireFinite"/> a NaN or infinite value is refused, naming its pixel.
    /// </summary>
    public static PfmImage Read(string path, string what, bool requireFinite = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using var stream = ImageFile.OpenRead(path, what);
            return Read(stream, path, what, requireFinite);
        }
        catch (Exception ex) when (ex is IOException and not ImageFileException or UnauthorizedAccessException)
        {
            throw new ImageFileException(path, $"Cannot read {what} '{path}': {ex.Message}", ex);
        }
    }

    /// <summary>Reads a PFM from <paramref name="stream"/> (positioned at its start; its length must be known); <paramref name="path"/> names it in errors.</summary>
    public static PfmImage Read(Stream stream, string path, string what, bool requireFinite = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new byte[MaxHeaderBytes];
        int headerRead = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        var (channels, width, height, littleEndian, dataStart) = ParseHeader(header.AsSpan(0, headerRead), path, what);

        // The size check comes before any allocation by the header's numbers: a header that lies is refused without trusting it.
        long expected = (long)width * height * channels * sizeof(float);
        long found = stream.Length - dataStart;
        if (found < expected)
        {
            throw new ImageFileException(path, $"Cannot read {what} '{path}': the file is truncated: a {width}x{height} PFM with {channels} channel(s) needs {expected} bytes of pixels after its header; found {found}.");
        }

        if (found > expected)
        {
            throw new ImageFileException(path, $"Cannot read {what} '{path}': {found - expected} unexpected byte(s) after the {expected} bytes of pixels a {width}x{height} PFM with {channels} channel(s) holds.");
        }

        var bytes = new byte[expected];
        stream.Position = dataStart;
        stream.ReadExactly(bytes);
        int rowValues = width * channels;
        var values = new float[(long)rowValues * height];
        for (int fileRow = 0; fileRow < height; fileRow++)
        {
            // The file's first row is the image's bottom row.
            int y = height - 1 - fileRow;
            var src = bytes.AsSpan(fileRow * rowValues * sizeof(float), rowValues * sizeof(float));
            for (int k = 0; k < rowValues; k++)
            {
                var four = src.Slice(k * sizeof(float), sizeof(float));
                float v = littleEndian ? BinaryPrimitives.ReadSingleLittleEndian(four) : BinaryPrimitives.ReadSingleBigEndian(four);
                if (requireFinite && !float.IsFinite(v))
                {
                    throw new ImageFileException(path, $"Cannot read {what} '{path}': pixel ({k / channels}, {y}) (x, y from the top left) channel {k % channels} is {v.ToString(CultureInfo.InvariantCulture)}; {what} values must be finite.");
                }

                values[((long)y * rowValues) + k] = v;
            }
        }

        return new PfmImage(width, height, channels, values);
    }

    /// <summary>Writes <paramref name="image"/> as a little-endian PFM (scale -1, rows bottom to top), atomically: a reader never sees half a file.</summary>
    public static void Write(string path, PfmImage image)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(image);
        try
        {
            AtomicFile.WriteAllBytes(path, Encode(image));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImageFileException(path, $"Cannot write '{path}': {ex.Message}", ex);
        }
    }

    /// <summary>The bytes of <paramref name="image"/> as a little-endian PFM.</summary>
    public static byte[] Encode(PfmImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        byte[] header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{(image.Channels == 3 ? "PF" : "Pf")}\n{image.Width} {image.Height}\n-1\n"));
        int rowValues = image.Width * image.Channels;
        var bytes = new byte[header.Length + ((long)rowValues * image.Height * sizeof(float))];
        header.CopyTo(bytes, 0);
        int o = header.Length;
        for (int y = image.Height - 1; y >= 0; y--)
        {
            for (int k = 0; k < rowValues; k++, o += sizeof(float))
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(o), image.Values[((long)y * rowValues) + k]);
            }
        }

        return bytes;
    }

    /// <summary>Parses "PF|Pf ws width ws height ws scale ws1": the channels, size, byte order and where the pixels start.</summary>
    private static (int Channels, int Width, int Height, bool LittleEndian, int DataStart) ParseHeader(ReadOnlySpan<byte> head, string path, string what)
    {
        string Fail(string reason) => throw new ImageFileException(path, $"Cannot read {what} '{path}': not a valid PFM header ({reason}).");
        int pos = 0;
        string type = Token(head, ref pos, "type") ?? Fail("the file is empty");
        int channels = type switch
        {
            "PF" => 3,
            "Pf" => 1,
            _ => throw new ImageFileException(path, $"Cannot read {what} '{path}': not a PFM file (expected 'PF' or 'Pf' at the start; found '{Printable(type)}')."),
        };
        int width = Size(Token(head, ref pos, "width") ?? Fail("no width"), "width", path, what);
        int height = Size(Token(head, ref pos, "height") ?? Fail("no height"), "height", path, what);
        if (!ImageLimits.Allows(width, height))
        {
            throw new ImageFileException(path, $"Cannot read {what} '{path}': {ImageLimits.Describe(width, height)}.");
        }

        string scaleText = Token(head, ref pos, "scale") ?? Fail("no scale");
        if (!double.TryParse(scaleText, NumberStyles.Float, CultureInfo.InvariantCulture, out double scale) || !double.IsFinite(scale) || scale == 0)
        {
            Fail($"the scale must be a finite non-zero number, negative for little-endian; found '{Printable(scaleText)}'");
        }

        // Exactly one whitespace byte separates the scale from the pixels.
        if (pos >= head.Length || !IsSpace(head[pos]))
        {
            Fail(pos >= head.Length ? "it ends after the scale" : "no whitespace byte after the scale");
        }

        return (channels, width, height, scale < 0, pos + 1);
    }

    /// <summary>The next whitespace-delimited ASCII token at or after <paramref name="pos"/>; null at the end of the header bytes.</summary>
    private static string? Token(ReadOnlySpan<byte> head, ref int pos, string name)
    {
        while (pos < head.Length && IsSpace(head[pos]))
        {
            pos++;
        }

        int start = pos;
        while (pos < head.Length && !IsSpace(head[pos]))
        {
            pos++;
        }

        if (pos == start)
        {
            return null;
        }

        // A token that runs to the end of the bytes a header may hold is not a PFM header (or one that never ends).
        return pos == head.Length && head.Length == MaxHeaderBytes ? $"<the {name} runs past {MaxHeaderBytes} header bytes>" : Encoding.Latin1.GetString(head[start..pos]);
    }

    private static int Size(string text, string name, string path, string what)
    {
        // Plain decimal digits only: no sign, no exponent, nothing int.Parse would forgive.
        if (text.Length is 0 or > 6 || !text.All(char.IsAsciiDigit) || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1 || value > ImageLimits.MaxSide)
        {
            throw new ImageFileException(path, $"Cannot read {what} '{path}': not a valid PFM header (the {name} must be a whole number from 1 to {ImageLimits.MaxSide}; found '{Printable(text)}').");
        }

        return value;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    /// <summary>A token as it may be shown in a message: at most 48 characters, non-printable ones as '?'.</summary>
    private static string Printable(string text)
    {
        string cut = text.Length > 48 ? text[..48] + "..." : text;
        return string.Concat(cut.Select(ch => ch is >= ' ' and <= '~' ? ch : '?'));
    }
}
