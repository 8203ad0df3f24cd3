using System.Buffers.Binary;

namespace MaeRealtime.Editor.Fuzz;

/// <summary>Byte-level mutations and the boundary values structure-aware mutators write into fields.</summary>
public static class FuzzMutations
{
    private static readonly long[] Integers =
    [
        0, 1, -1, 2, 3, 4, 7, 8, 16, 31, 32, 33, 64, 127, 128, 255, 256, 257, 1024, 4096, 65535, 65536, 100_000,
        1 << 20, int.MaxValue, int.MinValue, int.MaxValue - 1, uint.MaxValue, 1L << 32, long.MaxValue, long.MinValue,
    ];

    private static readonly float[] Floats =
    [
        0f, -0f, 1f, -1f, 0.5f, 1e-30f, 1e-45f, 1e30f, -1e30f, float.MaxValue, float.MinValue, float.Epsilon,
        float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e-4f, 99f, 101f, 16f, 17f,
    ];

    /// <summary>A boundary integer: small, powers of two, type limits.</summary>
    public static long Integer(Random random) => random.Next(4) == 0 ? random.Next(-1000, 1000) : Integers[random.Next(Integers.Length)];

    /// <summary>A boundary float: zeros, limits, NaN, infinities, denormals.</summary>
    public static float Float(Random random) => Floats[random.Next(Floats.Length)];

    /// <summary>Writes <paramref name="value"/> as a little-endian integer of <paramref name="width"/> bytes (1, 2, 4, 8) at <paramref name="at"/>.</summary>
    public static void WriteInteger(byte[] bytes, int at, int width, long value)
    {
        if (at < 0 || at + width > bytes.Length)
        {
            return;
        }

        switch (width)
        {
            case 1: bytes[at] = (byte)value; break;
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), (ushort)value); break;
            case 4: BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), (uint)value); break;
            default: BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), (ulong)value); break;
        }
    }

    /// <summary>One to eight random bytes set, flipped or incremented anywhere.</summary>
    public static byte[] Havoc(byte[] bytes, Random random)
    {
        var copy = (byte[])bytes.Clone();
        if (copy.Length == 0)
        {
            return copy;
        }

        int count = 1 + random.Next(8);
        for (int i = 0; i < count; i++)
        {
            int at = random.Next(copy.Length);
            copy[at] = random.Next(3) switch
            {
                0 => (byte)random.Next(256),
                1 => (byte)(copy[at] ^ (1 << random.Next(8))),
                _ => (byte)(copy[at] + (random.Next(2) == 0 ? 1 : -1)),
            };
        }

        return copy;
    }

    /// <summary>A structural cut: truncation, a deleted or duplicated range, or appended bytes.</summary>
    public static byte[] Splice(byte[] bytes, Random random, out string what)
    {
        int n = bytes.Length;
        switch (random.Next(4))
        {
            case 0:
                {
                    int keep = random.Next(Math.Max(1, n));
                    what = $"truncated to {keep} bytes";
                    return bytes[..keep];
                }

            case 1:
                {
                    int at = random.Next(Math.Max(1, n)), length = Math.Min(n - at, 1 + random.Next(64));
                    what = $"deleted {length} bytes at {at}";
                    return [.. bytes[..at], .. bytes[(at + length)..]];
                }

            case 2:
                {
                    int at = random.Next(Math.Max(1, n)), length = Math.Min(n - at, 1 + random.Next(64));
                    what = $"duplicated {length} bytes at {at}";
                    return [.. bytes[..(at + length)], .. bytes[at..]];
                }

            default:
                {
                    var extra = new byte[1 + random.Next(300)];
                    random.NextBytes(extra);
                    what = $"appended {extra.Length} bytes";
                    return [.. bytes, .. extra];
                }
        }
    }
}
