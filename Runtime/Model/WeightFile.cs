using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MaeRealtime.Runtime.Model;

/// <summary>
/// A weight file read and fully validated: magic, version, config, every tensor's name, dtype, shape,
/// byte length and offset against <see cref="MaeTensorLayout"/>, and the SHA-256 checksum.
/// <see cref="Data"/> is the data section, laid out to upload straight into one storage buffer.
/// </summary>
public sealed class WeightFile
{
    private readonly Dictionary<string, WeightFileEntry> _byName;

    private WeightFile(string path, MaeConfig config, IReadOnlyList<WeightFileEntry> entries, ReadOnlyMemory<byte> data)
    {
        Path = path;
        Config = config;
        Entries = entries;
        Data = data;
        _byName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    /// <summary>Where the file was read from.</summary>
    public string Path { get; }

    /// <summary>The model's config.</summary>
    public MaeConfig Config { get; }

    /// <summary>The tensor table in file order.</summary>
    public IReadOnlyList<WeightFileEntry> Entries { get; }

    /// <summary>The data section; entry offsets are relative to its start.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Element type of the GEMM matrices (all share one).</summary>
    public TensorDType MatrixDType => Entries.First(e => e.IsMatrix).DType;

    /// <summary>The table entry named <paramref name="name"/>.</summary>
    public WeightFileEntry this[string name] =>
        _byName.TryGetValue(name, out var e) ? e : throw new WeightFileException(Path, $"tensor '{name}' is not in the file.");

    /// <summary>A tensor's values widened to fp32.</summary>
    public float[] ReadFloats(string name)
    {
        var e = this[name];
        return new WeightTensor(e.Name, e.DType, e.Shape, Data.Slice((int)e.Offset, (int)e.ByteLength)).ToFloats();
    }

    /// <summary>Reads and validates <paramref name="path"/>.</summary>
    /// <exception cref="WeightFileException">Anything is missing, malformed or inconsistent; the message names what and where.</exception>
    public static WeightFile Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // ArgumentException: an empty path or one with a NUL character.
            throw new WeightFileException(path, $"cannot be read: {ex.Message}");
        }

        return Parse(path, bytes);
    }

    /// <summary>Validates <paramref name="bytes"/> as the content of <paramref name="path"/>.</summary>
    public static WeightFile Parse(string path, byte[] bytes)
    {
        var r = new WeightFileReader(path, bytes);
        r.Require(WeightFileFormat.PreambleBytes, "the header");
        if (!bytes.AsSpan(0, 8).SequenceEqual(WeightFileFormat.Magic))
        {
            throw new WeightFileException(path, $"wrong magic: expected 'MAERTWGT', found '{Printable(bytes.AsSpan(0, 8))}' (not a MaeRealtime weight file).");
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        if (version > WeightFileFormat.Version)
        {
            throw new WeightFileException(path, $"format version {version} is newer than this runtime reads (newest: {WeightFileFormat.Version}); update MaeRealtime.");
        }

        if (version < WeightFileFormat.OldestVersion)
        {
            throw new WeightFileException(path, $"format version {version} is not valid (expected {WeightFileFormat.OldestVersion}..{WeightFileFormat.Version}).");
        }

        r.Require(WeightFileFormat.PreambleBytes + WeightFileConfigBlock.Bytes(version) + 4, "the header");

        long headerLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        ulong rawDataLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(16));
        long fixedBytes = WeightFileFormat.PreambleBytes + WeightFileConfigBlock.Bytes(version) + 4;
        if (headerLength % WeightFileFormat.Alignment != 0 || headerLength < fixedBytes || headerLength > WeightFileLimits.MaxHeaderBytes)
        {
            throw new WeightFileException(path, $"header length: expected a multiple of {WeightFileFormat.Alignment} in {WeightFileFormat.Align(fixedBytes)}..{WeightFileLimits.MaxHeaderBytes}, found {headerLength}.");
        }

        // A file is read into one array, so every length below fits in an int once it matches the file's.
        if (rawDataLength > (ulong)bytes.LongLength || headerLength + (long)rawDataLength + WeightFileFormat.ChecksumBytes != bytes.LongLength)
        {
            throw new WeightFileException(path, $"length mismatch (truncated or padded file): header says {(decimal)headerLength + rawDataLength + WeightFileFormat.ChecksumBytes} bytes, found {bytes.LongLength}.");
        }

        long dataLength = (long)rawDataLength;

        long dataEnd = headerLength + dataLength;
        Span<byte> hash = stackalloc byte[WeightFileFormat.ChecksumBytes];
        SHA256.HashData(bytes.AsSpan(0, (int)dataEnd), hash);
        if (!hash.SequenceEqual(bytes.AsSpan((int)dataEnd, WeightFileFormat.ChecksumBytes)))
        {
            throw new WeightFileException(path, $"checksum mismatch: expected SHA-256 {Convert.ToHexString(bytes.AsSpan((int)dataEnd, 32))}, computed {Convert.ToHexString(hash)} (file corrupted).");
        }

        r.Position = WeightFileFormat.PreambleBytes;
        var config = r.ReadConfig(version);
        var entries = r.ReadTable(config, headerLength, dataLength);
        r.CheckData(entries, headerLength);
        return new WeightFile(path, config, entries, bytes.AsMemory((int)headerLength, (int)dataLength));
    }

    private static string Printable(ReadOnlySpan<byte> b) =>
        new(b.ToArray().Select(x => x is >= 32 and < 127 ? (char)x : '?').ToArray());
}
