using System.Buffers.Binary;
using System.Security.Cryptography;
using MaeRealtime.Editor.Cli;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Fuzz;

/// <summary>
/// Weight files: seeds are tiny models (fp32, fp16, and v2's masked-query decoder with a context radius); mutations
/// hit the fields docs/WEIGHT_FORMAT.md defines (config words, lengths, every table field, tensor values, padding)
/// and usually re-sign the SHA-256 so they reach the checks behind it. The reader is <see cref="WeightFile.Load"/> and
/// <c>mae inspect</c> (which reads a damaged file leniently); the oracle for an accepted file is that the writer,
/// given what the loader read, writes the same bytes: the loader accepts only the canonical layout.
/// </summary>
public sealed class WeightFileFuzzTarget : IFuzzTarget
{
    private readonly List<byte[]> _seeds = [];
    private readonly List<List<WeightTableField>> _tables = [];

    /// <summary>Builds the seeds in memory (no files).</summary>
    public WeightFileFuzzTarget(string scratch)
    {
        var tiny = MaeConfigPresets.Get("tiny");
        var configs = new (MaeConfig Config, TensorDType Matrices)[]
        {
            (tiny, TensorDType.Float32),
            (tiny, TensorDType.Float16),
            (tiny with { Decoder = DecoderKind.MaskedQueries, ContextRadius = 2, Fill = HoleFill.ResidualPushPull }, TensorDType.Float32),
        };
        foreach (var (config, matrices) in configs)
        {
            string path = Path.Combine(scratch, $"seed{_seeds.Count}.maew");
            WeightFileWriter.Write(path, config, RandomWeights.Create(config, seed: 11, matrices));
            byte[] bytes = File.ReadAllBytes(path);
            File.Delete(path);
            _seeds.Add(bytes);
            _tables.Add(TableFields(bytes));
        }
    }

    /// <inheritdoc />
    public int SeedCount => _seeds.Count;

    /// <inheritdoc />
    public string Extension(int seedIndex) => ".maew";

    /// <inheritdoc />
    public byte[] Mutate(int seedIndex, Random random, out string mutation)
    {
        byte[] bytes = (byte[])_seeds[seedIndex].Clone();
        var table = _tables[seedIndex];
        int headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        int configAt = WeightFileFormat.PreambleBytes;
        bool resign = random.NextDouble() < 0.85;
        switch (random.Next(12))
        {
            case 0:
            case 1:
                {
                    int word = random.Next(WeightFileConfigBlock.Bytes(WeightFileFormat.Version) / 4);
                    bool asFloat = random.Next(2) == 0;
                    if (asFloat)
                    {
                        float v = FuzzMutations.Float(random);
                        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(configAt + (word * 4)), v);
                        mutation = $"config word {word} = float {v}";
                    }
                    else
                    {
                        long v = FuzzMutations.Integer(random);
                        FuzzMutations.WriteInteger(bytes, configAt + (word * 4), 4, v);
                        mutation = $"config word {word} = int {(int)v}";
                    }

                    break;
                }

            case 2:
                {
                    var (at, width, name) = random.Next(3) switch { 0 => (8, 4, "version"), 1 => (12, 4, "header length"), _ => (16, 8, "data length") };
                    long v = random.Next(3) == 0 ? BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at)) + (random.Next(2) == 0 ? 256 : -256) : FuzzMutations.Integer(random);
                    FuzzMutations.WriteInteger(bytes, at, width, v);
                    mutation = $"{name} = {v}";
                    break;
                }

            case 3:
            case 4:
                {
                    var e = table[random.Next(table.Count)];
                    var other = table[random.Next(table.Count)];
                    switch (random.Next(4))
                    {
                        case 0:
                            ulong o = (ulong)FuzzMutations.Integer(random);
                            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(e.OffsetAt), o);
                            mutation = $"offset of '{e.Name}' = {o}";
                            break;
                        case 1:
                            bytes.AsSpan(other.OffsetAt, 8).CopyTo(bytes.AsSpan(e.OffsetAt));
                            mutation = $"offset of '{e.Name}' = offset of '{other.Name}'";
                            break;
                        case 2:
                            byte[] mine = bytes.AsSpan(e.OffsetAt, 8).ToArray();
                            bytes.AsSpan(other.OffsetAt, 8).CopyTo(bytes.AsSpan(e.OffsetAt));
                            mine.CopyTo(bytes.AsSpan(other.OffsetAt));
                            mutation = $"offsets of '{e.Name}' and '{other.Name}' swapped";
                            break;
                        default:
                            ulong l = (ulong)FuzzMutations.Integer(random);
                            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(e.OffsetAt + 8), l);
                            mutation = $"byte length of '{e.Name}' = {l}";
                            break;
                    }

                    break;
                }

            case 5:
                {
                    var e = table[random.Next(table.Count)];
                    switch (random.Next(5))
                    {
                        case 0:
                            long n = FuzzMutations.Integer(random);
                            FuzzMutations.WriteInteger(bytes, e.NameLengthAt, 2, n);
                            mutation = $"name length of '{e.Name}' = {(ushort)n}";
                            break;
                        case 1:
                            int k = e.NameLengthAt + 2 + random.Next(e.Name.Length);
                            bytes[k] = (byte)random.Next(256);
                            mutation = $"name byte of '{e.Name}' = {bytes[k]}";
                            break;
                        case 2:
                            bytes[e.DTypeAt] = (byte)FuzzMutations.Integer(random);
                            mutation = $"dtype of '{e.Name}' = {bytes[e.DTypeAt]}";
                            break;
                        case 3:
                            bytes[e.DTypeAt + 1] = (byte)FuzzMutations.Integer(random);
                            mutation = $"rank of '{e.Name}' = {bytes[e.DTypeAt + 1]}";
                            break;
                        default:
                            if (e.Rank == 0)
                            {
                                goto case 3;
                            }

                            int dim = random.Next(e.Rank);
                            long v = FuzzMutations.Integer(random);
                            FuzzMutations.WriteInteger(bytes, e.DTypeAt + 2 + (dim * 4), 4, v);
                            mutation = $"shape[{dim}] of '{e.Name}' = {(uint)v}";
                            break;
                    }

                    break;
                }

            case 6:
            case 7:
                {
                    var e = table[random.Next(table.Count)];
                    int element = random.Next((int)Math.Max(1, e.ByteLength / e.ElementBytes));
                    int at = headerLength + (int)e.Offset + (element * e.ElementBytes);
                    float v = FuzzMutations.Float(random);
                    if (e.ElementBytes == 4)
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(at), v);
                    }
                    else
                    {
                        BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(at), (Half)v);
                    }

                    mutation = $"'{e.Name}'[{element}] = {v}";
                    break;
                }

            case 8:
                {
                    var last = table[^1];
                    int tableEnd = last.OffsetAt + 16;
                    int at = tableEnd + random.Next(Math.Max(1, headerLength - tableEnd));
                    if (random.Next(2) == 0)
                    {
                        var e = table[random.Next(table.Count)];
                        long end = headerLength + e.Offset + e.ByteLength;
                        long padded = headerLength + WeightFileFormat.Align(e.Offset + e.ByteLength);
                        at = padded > end ? (int)(end + random.Next((int)(padded - end))) : at;
                    }

                    bytes[at] = (byte)(1 + random.Next(255));
                    mutation = $"padding byte at {at} = {bytes[at]}";
                    break;
                }

            case 9:
            case 10:
                bytes = FuzzMutations.Havoc(bytes, random);
                mutation = "havoc";
                break;
            default:
                bytes = FuzzMutations.Splice(bytes, random, out mutation);
                break;
        }

        if (resign && bytes.Length >= 24 + WeightFileFormat.ChecksumBytes)
        {
            // The checksum where the (possibly mutated) header says it is, else at the end, so edits reach later checks.
            long h = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
            long d = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(16)), int.MaxValue);
            long end = h + d + WeightFileFormat.ChecksumBytes == bytes.Length ? h + d : bytes.Length - WeightFileFormat.ChecksumBytes;
            SHA256.HashData(bytes.AsSpan(0, (int)end), bytes.AsSpan((int)end, WeightFileFormat.ChecksumBytes));
            mutation += ", re-signed";
        }

        return bytes;
    }

    /// <inheritdoc />
    public FuzzVerdict Run(string path, string scratch)
    {
        // mae inspect reads a damaged file leniently and must still end with exit code 0 or 1, never 2.
        using (var stdout = new StringWriter())
        using (var stderr = new StringWriter())
        {
            int code = CliApp.Run(["inspect", path], stdout, stderr, CliApp.Commands);
            if (code is not (0 or 1))
            {
                return new FuzzVerdict(FuzzOutcome.Crash, $"mae inspect exited with {code}: {stderr.ToString().Trim()}");
            }
        }

        WeightFile file;
        try
        {
            file = WeightFile.Load(path);
        }
        catch (WeightFileException ex)
        {
            return FuzzRunner.Refusal(ex, path);
        }

        // Accepted: the writer must reproduce the file from what the loader read (same config, tensors and layout).
        byte[] original = File.ReadAllBytes(path);
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(original.AsSpan(8));
        string again = Path.Combine(scratch, "rewritten.maew");
        WeightFileWriter.Write(again, file.Config, file.Entries.Select(e => new WeightTensor(e.Name, e.DType, e.Shape, file.Data.Slice((int)e.Offset, (int)e.ByteLength))));
        byte[] rewritten = File.ReadAllBytes(again);
        if (version == WeightFileFormat.Version && !rewritten.AsSpan().SequenceEqual(original))
        {
            return new FuzzVerdict(FuzzOutcome.AcceptedInvalid, "accepted, but the writer does not reproduce it from what was loaded (a non-canonical layout or a field the loader ignored)");
        }

        var reloaded = WeightFile.Load(again);
        return WeightFileConfigBlock.Encode(reloaded.Config).AsSpan().SequenceEqual(WeightFileConfigBlock.Encode(file.Config))
            ? new FuzzVerdict(FuzzOutcome.Accepted, string.Empty)
            : new FuzzVerdict(FuzzOutcome.AcceptedInvalid, "accepted, but its config does not survive a rewrite");
    }

    private static List<WeightTableField> TableFields(byte[] bytes)
    {
        int at = WeightFileFormat.PreambleBytes + WeightFileConfigBlock.Bytes(WeightFileFormat.Version);
        int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
        at += 4;
        var fields = new List<WeightTableField>(count);
        for (int i = 0; i < count; i++)
        {
            int nameLengthAt = at;
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at));
            string name = System.Text.Encoding.UTF8.GetString(bytes, at + 2, nameLength);
            int dtypeAt = at + 2 + nameLength;
            int rank = bytes[dtypeAt + 1];
            int offsetAt = dtypeAt + 2 + (rank * 4);
            long offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offsetAt));
            long length = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offsetAt + 8));
            fields.Add(new WeightTableField(name, nameLengthAt, dtypeAt, rank, offsetAt, offset, length, bytes[dtypeAt] == 0 ? 4 : 2));
            at = offsetAt + 16;
        }

        return fields;
    }
}
