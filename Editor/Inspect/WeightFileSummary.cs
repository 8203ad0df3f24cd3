using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Inspect;

/// <summary>
/// What a weight file says about itself, read leniently (docs/WEIGHT_FORMAT.md): header, config block, tensor table
/// and checksum, without <see cref="WeightFile.Load"/>'s checks against the layout. <c>mae inspect</c> shows this even
/// for a file the runtime refuses, so a damaged file can be looked at; whether it loads is a separate question.
/// </summary>
public sealed class WeightFileSummary
{
    private WeightFileSummary(string path, long fileLength, uint version, long headerLength, long dataLength, MaeConfig config, IReadOnlyList<WeightFileEntry> entries, bool? checksumOk, string? storedChecksum, string? computedChecksum)
    {
        Path = path;
        FileLength = fileLength;
        Version = version;
        HeaderLength = headerLength;
        DataLength = dataLength;
        Config = config;
        Entries = entries;
        ChecksumOk = checksumOk;
        StoredChecksum = storedChecksum;
        ComputedChecksum = computedChecksum;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Bytes on disk.</summary>
    public long FileLength { get; }

    /// <summary>The format version in the header.</summary>
    public uint Version { get; }

    /// <summary>Bytes from the start of the file to the data section.</summary>
    public long HeaderLength { get; }

    /// <summary>Bytes of the data section, as the header says.</summary>
    public long DataLength { get; }

    /// <summary>The config block as stored (not validated).</summary>
    public MaeConfig Config { get; }

    /// <summary>The tensor table as stored.</summary>
    public IReadOnlyList<WeightFileEntry> Entries { get; }

    /// <summary>True: the SHA-256 matches; false: it does not; null: the file is too short to hold one where the header says.</summary>
    public bool? ChecksumOk { get; }

    /// <summary>The stored SHA-256 (hex), when present.</summary>
    public string? StoredChecksum { get; }

    /// <summary>The SHA-256 computed over header and data (hex), when the file is long enough.</summary>
    public string? ComputedChecksum { get; }

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="WeightFileException">Not a weight file, or the header or table cannot be read at all.</exception>
    public static WeightFileSummary Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new WeightFileException(path, ex is FileNotFoundException or DirectoryNotFoundException ? "file not found." : $"cannot be read: {ex.Message}");
        }

        // Same order of checks as WeightFile.Load, so inspect and validate name a bad file alike.
        if (bytes.Length < WeightFileFormat.PreambleBytes)
        {
            throw new WeightFileException(path, $"truncated: {bytes.Length} bytes cannot hold the {WeightFileFormat.PreambleBytes}-byte preamble.");
        }

        if (!bytes.AsSpan(0, 8).SequenceEqual(WeightFileFormat.Magic))
        {
            throw new WeightFileException(path, "not a MaeRealtime weight file (no 'MAERTWGT' magic).");
        }

        var span = bytes.AsSpan();
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(span[8..]);
        if (version is < WeightFileFormat.OldestVersion or > WeightFileFormat.Version)
        {
            throw new WeightFileException(path, $"format version {version} is not one this tool reads ({WeightFileFormat.OldestVersion}..{WeightFileFormat.Version}).");
        }

        int configBytes = WeightFileConfigBlock.Bytes(version);
        int fixedBytes = WeightFileFormat.PreambleBytes + configBytes + 4;
        if (bytes.Length < fixedBytes)
        {
            throw new WeightFileException(path, $"truncated: {bytes.Length} bytes cannot hold the {fixedBytes}-byte header.");
        }

        long headerLength = BinaryPrimitives.ReadUInt32LittleEndian(span[12..]);
        long dataLength = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(span[16..]), long.MaxValue / 4);
        var config = WeightFileConfigBlock.Decode(span.Slice(WeightFileFormat.PreambleBytes, configBytes), version);
        var entries = ReadTable(path, bytes, WeightFileFormat.PreambleBytes + configBytes);

        bool? ok = null;
        string? stored = null, computed = null;
        long end = headerLength + dataLength;
        if (end + WeightFileFormat.ChecksumBytes <= bytes.LongLength)
        {
            stored = Convert.ToHexString(span.Slice((int)end, WeightFileFormat.ChecksumBytes)).ToLowerInvariant();
            computed = Convert.ToHexString(SHA256.HashData(span[..(int)end])).ToLowerInvariant();
            ok = stored == computed;
        }

        return new WeightFileSummary(path, bytes.LongLength, version, headerLength, dataLength, config, entries, ok, stored, computed);
    }

    private static List<WeightFileEntry> ReadTable(string path, byte[] bytes, int position)
    {
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position));
        position += 4;
        if (count > 100_000)
        {
            throw new WeightFileException(path, $"tensor table: implausible tensor count {count}.");
        }

        var entries = new List<WeightFileEntry>((int)count);
        for (int i = 0; i < count; i++)
        {
            void Need(int n)
            {
                if (position + n > bytes.Length)
                {
                    throw new WeightFileException(path, $"truncated inside tensor table entry {i} of {count}.");
                }
            }

            Need(2);
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(position));
            Need(2 + nameLength + 2);
            string name = Encoding.UTF8.GetString(bytes, position + 2, nameLength);
            position += 2 + nameLength;
            byte dtype = bytes[position];
            int rank = bytes[position + 1];
            position += 2;
            Need((rank * 4) + 16);
            var shape = new int[rank];
            for (int k = 0; k < rank; k++)
            {
                shape[k] = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position + (k * 4))), int.MaxValue);
            }

            position += rank * 4;
            long offset = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(position)), long.MaxValue / 4);
            long length = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(position + 8)), long.MaxValue / 4);
            position += 16;
            entries.Add(new WeightFileEntry(name, (TensorDType)dtype, shape, offset, length, false));
        }

        return entries;
    }
}
