using System.Buffers.Binary;

namespace MaeRealtime.Native.Tests;

/// <summary>
/// The C sample's PNG format in C#: 8-bit gray or RGBA, one IDAT of stored (uncompressed) deflate blocks. The
/// encoder is a line-for-line port of Samples/CHost/png.c, so equal pixels give equal files, and the C and C#
/// outputs can be compared byte for byte; the decoder reads exactly that format back.
/// </summary>
public static class StoredPng
{
    private static readonly byte[] _signature = [0x89, (byte)'P', (byte)'N', (byte)'G', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n'];

    /// <summary>Encodes tightly packed rows of <paramref name="channels"/> (1 or 4) bytes per pixel.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, int channels)
    {
        int row = (width * channels) + 1;
        int rawSize = row * height;
        var raw = new byte[rawSize];
        for (int y = 0; y < height; y++)
        {
            pixels.Slice(y * width * channels, row - 1).CopyTo(raw.AsSpan((y * row) + 1));
        }

        using var idat = new MemoryStream();
        idat.WriteByte(0x78);
        idat.WriteByte(0x01);
        uint a = 1, b = 0;
        for (int done = 0; done < rawSize;)
        {
            int n = Math.Min(rawSize - done, 65535);
            idat.WriteByte(done + n == rawSize ? (byte)1 : (byte)0);
            idat.WriteByte((byte)n);
            idat.WriteByte((byte)(n >> 8));
            idat.WriteByte((byte)~n);
            idat.WriteByte((byte)(~n >> 8));
            idat.Write(raw, done, n);
            for (int i = 0; i < n; i++)
            {
                a = (a + raw[done + i]) % 65521;
                b = (b + a) % 65521;
            }

            done += n;
        }

        Span<byte> adler = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(adler, (b << 16) | a);
        idat.Write(adler);

        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
        ihdr[8] = 8;
        ihdr[9] = channels == 4 ? (byte)6 : (byte)0;

        using var png = new MemoryStream();
        png.Write(_signature);
        WriteChunk(png, "IHDR", ihdr);
        WriteChunk(png, "IDAT", idat.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>Decodes a file written by <see cref="Encode"/> or png.c: its pixels, size and channels.</summary>
    public static (byte[] Pixels, int Width, int Height, int Channels) Decode(byte[] file)
    {
        Assert.True(file.AsSpan(0, 8).SequenceEqual(_signature), "not a PNG");
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (int at = 8; at < file.Length;)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
            string type = System.Text.Encoding.ASCII.GetString(file, at + 4, 4);
            var data = file.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
                height = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                channels = data[9] == 6 ? 4 : 1;
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            at += 12 + length;
        }

        var z = idat.ToArray();
        using var raw = new MemoryStream();
        for (int at = 2; ;)
        {
            byte final = z[at];
            Assert.Equal(0, final >> 1); // stored blocks only
            int n = z[at + 1] | (z[at + 2] << 8);
            raw.Write(z, at + 5, n);
            at += 5 + n;
            if ((final & 1) != 0)
            {
                break;
            }
        }

        var rows = raw.ToArray();
        int row = (width * channels) + 1;
        var pixels = new byte[width * height * channels];
        for (int y = 0; y < height; y++)
        {
            Assert.Equal(0, rows[y * row]); // filter "none"
            rows.AsSpan((y * row) + 1, row - 1).CopyTo(pixels.AsSpan(y * (row - 1)));
        }

        return (pixels, width, height, channels);
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)data.Length);
        System.Text.Encoding.ASCII.GetBytes(type, header[4..]);
        stream.Write(header);
        stream.Write(data);
        uint crc = Crc(Crc(0xFFFFFFFFu, header[4..]), data) ^ 0xFFFFFFFFu;
        Span<byte> trailer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(trailer, crc);
        stream.Write(trailer);
    }

    private static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte value in data)
        {
            crc ^= value;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc;
    }
}
