using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MaeRealtime.Runtime.Model;

/// <summary>Writes the current weight file format (docs/WEIGHT_FORMAT.md) atomically: a temp file beside the target, then a rename.</summary>
public static class WeightFileWriter
{
    /// <summary>
    /// Writes <paramref name="tensors"/> for <paramref name="config"/> to <paramref name="path"/>. The tensors
    /// must be exactly those of <see cref="MaeTensorLayout.Expected"/> (any order; written in layout order);
    /// GEMM matrices may be fp16, everything else must be fp32.
    /// </summary>
    public static void Write(string path, MaeConfig config, IEnumerable<WeightTensor> tensors)
    {
        config.Validate();
        var byName = new Dictionary<string, WeightTensor>(StringComparer.Ordinal);
        foreach (var t in tensors)
        {
            if (!byName.TryAdd(t.Name, t))
            {
                throw new WeightFileException(path, $"tensor '{t.Name}' given twice.");
            }
        }

        var ordered = new List<WeightTensor>();
        foreach (var spec in MaeTensorLayout.Expected(config))
        {
            if (!byName.Remove(spec.Name, out var t))
            {
                throw new WeightFileException(path, $"tensor '{spec.Name}' missing: expected shape {spec.ShapeText}.");
            }

            if (!t.Shape.SequenceEqual(spec.Shape))
            {
                throw new WeightFileException(path, $"tensor '{spec.Name}': expected shape {spec.ShapeText}, found {TensorSpec.FormatShape(t.Shape)}.");
            }

            if (t.DType != TensorDType.Float32 && !spec.IsMatrix)
            {
                throw new WeightFileException(path, $"tensor '{spec.Name}': expected dtype Float32 (only GEMM matrices may be Float16), found {t.DType}.");
            }

            long expectedBytes = spec.ElementCount * WeightFileFormat.ElementBytes(t.DType);
            if (t.Data.Length != expectedBytes)
            {
                throw new WeightFileException(path, $"tensor '{spec.Name}': expected {expectedBytes} bytes of data, found {t.Data.Length}.");
            }

            ordered.Add(t);
        }

        if (byName.Count > 0)
        {
            throw new WeightFileException(path, $"unexpected tensor(s) for this config: {string.Join(", ", byName.Keys)}.");
        }

        byte[] bytes = Serialize(config, ordered);
        AtomicFile.WriteAllBytes(path, bytes);
    }

    private static byte[] Serialize(MaeConfig c, List<WeightTensor> tensors)
    {
        using var header = new MemoryStream();
        using var w = new BinaryWriter(header);
        w.Write(WeightFileFormat.Magic);
        w.Write(WeightFileFormat.Version);
        w.Write(0u); // header length, patched below
        w.Write(0UL); // data length, patched below
        w.Write(WeightFileConfigBlock.Encode(c));
        w.Write((uint)tensors.Count);

        long dataOffset = 0;
        var offsets = new long[tensors.Count];
        for (int i = 0; i < tensors.Count; i++)
        {
            var t = tensors[i];
            byte[] name = WeightFileFormat.NameEncoding.GetBytes(t.Name);
            w.Write((ushort)name.Length);
            w.Write(name);
            w.Write((byte)t.DType);
            w.Write((byte)t.Shape.Length);
            foreach (int dim in t.Shape)
            {
                w.Write((uint)dim);
            }

            offsets[i] = dataOffset;
            w.Write((ulong)dataOffset);
            w.Write((ulong)t.Data.Length);
            dataOffset = WeightFileFormat.Align(dataOffset + t.Data.Length);
        }

        long headerLength = WeightFileFormat.Align(header.Length);
        long total = headerLength + dataOffset + WeightFileFormat.ChecksumBytes;
        var file = new byte[total];
        header.ToArray().CopyTo(file, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(12), (uint)headerLength);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(16), (ulong)dataOffset);
        for (int i = 0; i < tensors.Count; i++)
        {
            tensors[i].Data.Span.CopyTo(file.AsSpan((int)(headerLength + offsets[i])));
        }

        SHA256.HashData(file.AsSpan(0, (int)(headerLength + dataOffset)), file.AsSpan((int)(headerLength + dataOffset)));
        return file;
    }
}
