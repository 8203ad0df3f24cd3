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
            // The bounds first: nothing below may size a list or multiply integers by an unchecked config value.
            WeightFileLimits.Check(config);
        }
        catch (ArgumentException ex)
        {
            throw new WeightFileException(path, ex.Message);
        }

        return config;
    }

    /// <summary>
    /// Reads the tensor table and checks it against the layout of <paramref name="config"/> (already within
    /// <see cref="WeightFileLimits"/>): names in order, shapes, dtypes, byte lengths, and offsets exactly where the
    /// canonical layout puts them (each tensor at the previous one's end rounded up to 256 bytes, the first at 0, the
    /// data section ending at the last one's end rounded up), so no two tensors overlap and no byte goes unaccounted.
    /// </summary>
    public List<WeightFileEntry> ReadTable(MaeConfig config, long headerLength, long dataLength)
    {
        Require(4, "the tensor count");
        uint count = U32();
        long expectedCount = WeightFileLimits.TensorCount(config);
        if (count != expectedCount)
        {
            throw new WeightFileException(path, $"tensor table: expected {expectedCount} tensors for this config ({config.Depth} encoder and {config.DecoderDepth} decoder blocks), found a tensor count of {count}.");
        }

        var expected = MaeTensorLayout.Expected(config);
        var entries = new List<WeightFileEntry>(expected.Count);
        TensorDType? matrixType = null;
        long nextOffset = 0;
        for (int i = 0; i < expected.Count; i++)
        {
            var spec = expected[i];
            var e = ReadEntry(i, headerLength);
            if (e.Name != spec.Name)
            {
                throw new WeightFileException(path, $"tensor table entry {i}: expected tensor '{spec.Name}', found '{e.Name}' (missing, unknown or out of order).");
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

            if (e.Offset != nextOffset)
            {
                throw new WeightFileException(path, $"tensor '{spec.Name}': expected data offset {nextOffset} (the previous tensor's end rounded up to {WeightFileFormat.Alignment}), found {e.Offset}.");
            }

            nextOffset = WeightFileFormat.Align(e.Offset + e.ByteLength);
            if (nextOffset > dataLength)
            {
                throw new WeightFileException(path, $"tensor '{spec.Name}': offset {e.Offset} + length {e.ByteLength} runs past the data section ({dataLength} bytes).");
            }

            entries.Add(e with { IsMatrix = spec.IsMatrix });
        }

        if (nextOffset != dataLength)
        {
            throw new WeightFileException(path, $"data length: expected {nextOffset} bytes (the last tensor's end rounded up to {WeightFileFormat.Alignment}), found {dataLength}.");
        }

        RequireZeros(Position, headerLength, "the padding after the tensor table");
        return entries;
    }

    /// <summary>Checks that the padding between tensors in the data section is zero and every value is finite.</summary>
    public void CheckData(IReadOnlyList<WeightFileEntry> entries, long headerLength)
    {
        foreach (var e in entries)
        {
            long start = headerLength + e.Offset;
            long end = start + e.ByteLength;
            RequireZeros(end, headerLength + WeightFileFormat.Align(e.Offset + e.ByteLength), $"the padding after tensor '{e.Name}'");
            int bad = CountNonFinite(bytes.AsSpan((int)start, (int)e.ByteLength), e.DType);
            if (bad > 0)
            {
                throw new WeightFileException(path, $"tensor '{e.Name}' holds {bad} NaN/Inf value(s); the model cannot produce a fill.");
            }
        }
    }

    private static int CountNonFinite(ReadOnlySpan<byte> data, TensorDType dtype)
    {
        int bad = 0;
        if (dtype == TensorDType.Float32)
        {
            // All exponent bits set is Inf or NaN in IEEE 754.
            foreach (uint bits in System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(data))
            {
                bad += (bits & 0x7F80_0000u) == 0x7F80_0000u ? 1 : 0;
            }
        }
        else
        {
            foreach (ushort bits in System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(data))
            {
                bad += (bits & 0x7C00) == 0x7C00 ? 1 : 0;
            }
        }

        return bad;
    }

    private void RequireZeros(long from, long to, string what)
    {
        int nonZero = bytes.AsSpan((int)from, (int)(to - from)).IndexOfAnyExcept((byte)0);
        if (nonZero >= 0)
        {
            throw new WeightFileException(path, $"{what}: expected zero bytes up to offset {to}, found 0x{bytes[from + nonZero]:X2} at offset {from + nonZero}.");
        }
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
