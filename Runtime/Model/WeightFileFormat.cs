using System.Text;

namespace MaeRealtime.Runtime.Model;

/// <summary>Constants of the weight file format (v2; v1 files still load); see docs/WEIGHT_FORMAT.md.</summary>
public static class WeightFileFormat
{
    /// <summary>The first eight bytes of every weight file.</summary>
    public static ReadOnlySpan<byte> Magic => "MAERTWGT"u8;

    /// <summary>The format version this runtime writes and the newest it reads.</summary>
    public const uint Version = 2;

    /// <summary>The oldest format version this runtime reads.</summary>
    public const uint OldestVersion = 1;

    /// <summary>Alignment of the data section and of every tensor in it, in bytes (covers every device's minStorageBufferOffsetAlignment).</summary>
    public const int Alignment = 256;

    /// <summary>Bytes of the trailing SHA-256 checksum.</summary>
    public const int ChecksumBytes = 32;

    /// <summary>Bytes of the fixed preamble: magic, version, header length, data length.</summary>
    public const int PreambleBytes = 24;

    /// <summary>Longest tensor name, in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 256;

    /// <summary>Largest rank of a tensor.</summary>
    public const int MaxRank = 8;

    internal static readonly Encoding NameEncoding = new UTF8Encoding(false, true);

    /// <summary>Bytes per element of <paramref name="dtype"/>.</summary>
    public static int ElementBytes(TensorDType dtype) => dtype switch
    {
        TensorDType.Float32 => 4,
        TensorDType.Float16 => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown tensor dtype"),
    };

    /// <summary>Rounds <paramref name="value"/> up to a multiple of <see cref="Alignment"/>.</summary>
    public static long Align(long value) => (value + Alignment - 1) / Alignment * Alignment;
}
