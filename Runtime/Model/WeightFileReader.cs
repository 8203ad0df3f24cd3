using System.Buffers.Binary;

namespace MaeRealtime.Runtime.Model;

/// <summary>Bounds-checked little-endian cursor over a weight file's header; every failure names the file and field.</summary>
internal sealed class WeightFileReader(string path, byte[] bytes)
{
    public int Position { get; set; }

    public void Require(long count, string what)
    {
        if (Position + count > bytes.LongLength)
        {
            throw new WeightFileException(path, $"truncated while reading {what}: expected at least {Position + count} bytes, found {bytes.LongLength}.");
        }
    }

    public MaeConfig ReadConfig(uint version)
    {
        int length = WeightFileConfigBlock.Bytes(version);
        Require(length, "the config");
        var config = WeightFileConfigBlock.Decode(bytes.AsSpan(Position, length), version);
        Position += length;
        try
        {
            config.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new WeightFileException(path, ex.Message);
        }

        return config;
    }

    public List<WeightFileEntry> ReadTable(MaeConfig config, long headerLength, long dataLength)
    {
        var expected = MaeTensorLayout.Expected(config);
        Require(4, "the tensor count");
        uint count = U32();
        if (count > 100_000)
        {
            throw new WeightFileException(path, $"tensor table: implausible tensor count {count}.");
        }

        var found = new List<WeightFileEntry>((int)count);
        for (int i = 0; i < count; i++)
        {
            found.Add(ReadEntry(i, headerLength));
        }

        var foundNames = found.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var expectedNames = expected.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var missing = expected.Where(e => !foundNames.Contains(e.Name)).Select(e => $"'{e.Name}' {e.ShapeText}").ToList();
        var unexpected = found.Where(e => !expectedNames.Contains(e.Name)).Select(e => $"'{e.Name}'").ToList();
        if (missing.Count > 0 || unexpected.Count > 0 || found.Count != expected.Count)
        {
            string what = (missing.Count > 0 ? $"missing tensor(s) {string.Join(", ", missing.Take(8))}{(missing.Count > 8 ? ", ..." : "")}" : string.Empty)
                + (missing.Count > 0 && unexpected.Count > 0 ? "; " : string.Empty)
                + (unexpected.Count > 0 ? $"unexpected tensor(s) {string.Join(", ", unexpected.Take(8))}{(unexpected.Count > 8 ? ", ..." : "")}" : string.Empty);
            throw new WeightFileException(path, $"tensor table does not match the config (expected {expected.Count} tensors, found {found.Count}): {(what.Length > 0 ? what : "duplicate names")}.");
        }

        var entries = new List<WeightFileEntry>(expected.Count);
        TensorDType? matrixType = null;
        for (int i = 0; i < expected.Count; i++)
        {
            var spec = expected[i];
            var e = found[i];
            if (e.Name != spec.Name)
            {
                throw new WeightFileException(path, $"tensor table entry {i}: expected tensor '{spec.Name}', found '{e.Name}' (tensors out of order).");
            }

            if (!e.Shape.SequenceEqual(spec.Shape))
            {
                throw new WeightFileException(path, $"tensor '{spec.Name}': expected shape {spec.ShapeText}, found {TensorSpec.FormatShape(e.Shape)}.");
            }

            if (spec.IsMatrix)
            {
                matrixType ??= e.DType;
                if (e.DType != matrixType)
                {
                    throw new WeightFileException(path, $"tensor '{spec.Name}': expected dtype {matrixType} like the other GEMM matrices, found {e.DType}.");
                }
            }
            else if (e.DType != TensorDType.Float32)
            {
                throw new WeightFileException(path, $"tensor '{spec.Name}': expected dtype Float32, found {e.DType}.");
            }

            long expectedBytes = spec.ElementCount * WeightFileFormat.ElementBytes(e.DType);
            if (e.ByteLength != expectedBytes)
            {
                throw new WeightFileException(path, $"tensor '{spec.Name}': expected {expectedBytes} bytes, found {e.ByteLength}.");
            }

            if (e.Offset % WeightFileFormat.Alignment != 0 || e.Offset + e.ByteLength > dataLength)
            {
                throw new WeightFileException(path, $"tensor '{spec.Name}': offset {e.Offset} + length {e.ByteLength} is misaligned or past the data section ({dataLength} bytes).");
            }

            entries.Add(e with { IsMatrix = spec.IsMatrix });
        }

        return entries;
    }

    private WeightFileEntry ReadEntry(int index, long headerLength)
    {
        string what = $"tensor table entry {index}";
        Require(2, what);
        int nameLength = U16();
        if (nameLength is 0 or > WeightFileFormat.MaxNameBytes)
        {
            throw new WeightFileException(path, $"{what}: name length {nameLength} is out of range (1..{WeightFileFormat.MaxNameBytes}).");
        }

        Require(nameLength + 2, what);
        string name;
        try
        {
            name = WeightFileFormat.NameEncoding.GetString(bytes, Position, nameLength);
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new WeightFileException(path, $"{what}: the name is not valid UTF-8.");
        }

        Position += nameLength;
        byte dtype = bytes[Position++];
        int rank = bytes[Position++];
        if (!Enum.IsDefined((TensorDType)dtype))
        {
            throw new WeightFileException(path, $"tensor '{name}': unknown dtype code {dtype} (expected 0 = Float32 or 1 = Float16).");
        }

        if (rank > WeightFileFormat.MaxRank)
        {
            throw new WeightFileException(path, $"tensor '{name}': rank {rank} exceeds {WeightFileFormat.MaxRank}.");
        }

        Require((rank * 4) + 16, what);
        var shape = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            shape[i] = (int)Math.Min(U32(), int.MaxValue);
        }

        long offset = (long)Math.Min(U64(), long.MaxValue / 2);
        long length = (long)Math.Min(U64(), long.MaxValue / 2);
        if (Position > headerLength)
        {
            throw new WeightFileException(path, $"tensor table runs past the header length {headerLength} at '{name}'.");
        }

        return new WeightFileEntry(name, (TensorDType)dtype, shape, offset, length, false);
    }

    private int I32() { int v = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(Position)); Position += 4; return v; }

    private uint U32() { uint v = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(Position)); Position += 4; return v; }

    private ushort U16() { ushort v = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(Position)); Position += 2; return v; }

    private ulong U64() { ulong v = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(Position)); Position += 8; return v; }

    private float F32() { float v = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(Position)); Position += 4; return v; }
}
