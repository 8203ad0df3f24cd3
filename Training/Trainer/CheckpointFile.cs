using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MaeRealtime.Runtime;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Training.Import;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Trainer;

/// <summary>
/// The training checkpoint file (<c>.maeckpt</c>), little-endian:
/// <code>
/// "MAECKPT\0"  8 bytes magic
/// uint32       format version (1)
/// uint32       header length H
/// H bytes      UTF-8 JSON header: step, samplesSeen, elapsedSeconds, lastLoss, config (MaeConfig), options
///              (TrainOptions), optimizer {beta1, beta2, eps, steps{name: count}}, tensors [{name, dtype, shape, length}]
/// ...          tensor data, concatenated in header order
/// 32 bytes     SHA-256 of everything before
/// </code>
/// Written atomically (a temp file beside the target, then a rename), so a crash or Ctrl-C while saving leaves the
/// previous checkpoint intact; the checksum catches a truncated or damaged copy.
/// </summary>
public static class CheckpointFile
{
    /// <summary>The format version this code writes and reads.</summary>
    public const uint Version = 1;

    private static readonly byte[] Magic = "MAECKPT\0"u8.ToArray();

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Whether <paramref name="path"/> starts like a checkpoint of this format.</summary>
    public static bool LooksLikeCheckpoint(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[8];
        return stream.ReadAtLeast(head, 8, throwOnEndOfStream: false) == 8 && head.SequenceEqual(Magic);
    }

    /// <summary>Writes <paramref name="checkpoint"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, TrainingCheckpoint checkpoint)
    {
        var blobs = AllBlobs(checkpoint).ToArray();
        var header = new Header
        {
            Step = checkpoint.Step,
            SamplesSeen = checkpoint.SamplesSeen,
            ElapsedSeconds = checkpoint.ElapsedSeconds,
            LastLoss = checkpoint.LastLoss,
            Config = checkpoint.Config,
            Options = checkpoint.Options,
            Optimizer = new OptimizerHeader { Beta1 = checkpoint.Beta1, Beta2 = checkpoint.Beta2, Eps = checkpoint.Eps, Steps = checkpoint.OptimizerSteps.ToDictionary() },
            Tensors = blobs.Select(b => new TensorHeader { Name = b.Name, DType = b.DType.ToString(), Shape = b.Shape, Length = b.Data.LongLength }).ToList(),
        };
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(header, Json);

        AtomicFile.Write(path, stream =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            void Put(ReadOnlySpan<byte> bytes)
            {
                stream.Write(bytes);
                hash.AppendData(bytes);
            }

            Span<byte> word = stackalloc byte[4];
            Put(Magic);
            BinaryPrimitives.WriteUInt32LittleEndian(word, Version);
            Put(word);
            BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)json.Length);
            Put(word);
            Put(json);
            foreach (var blob in blobs)
            {
                Put(blob.Data);
            }

            stream.Write(hash.GetHashAndReset());
        });
    }

    /// <summary>Reads and verifies a checkpoint.</summary>
    /// <exception cref="CheckpointException">Missing, not a checkpoint, another version, damaged, or inconsistent; the message names the file.</exception>
    public static TrainingCheckpoint Read(string path)
    {
        try
        {
            return ReadCore(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or ArgumentException or EndOfStreamException)
        {
            throw new CheckpointException(path, ex is FileNotFoundException ? "file not found." : $"cannot be read: {ex.Message}", ex);
        }
    }

    private static TrainingCheckpoint ReadCore(string path)
    {
        using var stream = File.OpenRead(path);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] Take(long count)
        {
            if (count < 0 || count > stream.Length - stream.Position)
            {
                throw new CheckpointException(path, $"truncated: expected {count} more bytes at offset {stream.Position}, the file has {stream.Length}.");
            }

            var bytes = new byte[count];
            stream.ReadExactly(bytes);
            hash.AppendData(bytes);
            return bytes;
        }

        if (stream.Length < 16 || !Take(8).AsSpan().SequenceEqual(Magic))
        {
            throw new CheckpointException(path, "not a MaeRealtime training checkpoint (expected the magic 'MAECKPT').");
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
        if (version != Version)
        {
            throw new CheckpointException(path, $"format version {version}; this build reads version {Version}.");
        }

        uint headerLength = BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
        var header = JsonSerializer.Deserialize<Header>(Take(headerLength), Json)
            ?? throw new CheckpointException(path, "empty header.");
        if (header.Config is null || header.Options is null || header.Tensors is null || header.Optimizer is null)
        {
            throw new CheckpointException(path, "header lacks config, options, optimizer or tensor table.");
        }

        var blobs = new List<TensorBlob>(header.Tensors.Count);
        foreach (var t in header.Tensors)
        {
            if (!Enum.TryParse<ScalarType>(t.DType, out var dtype) || !TensorBlob.SupportedTypes.Contains(dtype))
            {
                throw new CheckpointException(path, $"tensor '{t.Name}' has unsupported dtype '{t.DType}'.");
            }

            long expected = t.Shape.Aggregate(1L, (a, b) => a * b) * TensorBlob.ElementSize(dtype);
            if (t.Length != expected)
            {
                throw new CheckpointException(path, $"tensor '{t.Name}' [{string.Join(", ", t.Shape)}] {dtype}: expected {expected} bytes, table says {t.Length}.");
            }

            blobs.Add(new TensorBlob(t.Name, dtype, t.Shape, Take(t.Length)));
        }

        byte[] actual = hash.GetHashAndReset();
        var stored = new byte[32];
        if (stream.ReadAtLeast(stored, 32, throwOnEndOfStream: false) != 32 || stream.Position != stream.Length || !stored.AsSpan().SequenceEqual(actual))
        {
            throw new CheckpointException(path, "checksum mismatch: the file is damaged or was not completely written.");
        }

        try
        {
            header.Config.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new CheckpointException(path, $"invalid model config: {ex.Message}", ex);
        }

        return new TrainingCheckpoint
        {
            Config = header.Config,
            Options = header.Options,
            Step = header.Step,
            SamplesSeen = header.SamplesSeen,
            ElapsedSeconds = header.ElapsedSeconds,
            LastLoss = header.LastLoss,
            Beta1 = header.Optimizer.Beta1,
            Beta2 = header.Optimizer.Beta2,
            Eps = header.Optimizer.Eps,
            OptimizerSteps = header.Optimizer.Steps ?? [],
            Model = Strip(blobs, ModelPrefix),
            Optimizer = Strip(blobs, OptimizerPrefix),
            Rng = Strip(blobs, RngPrefix),
        };
    }

    private const string ModelPrefix = "model/", OptimizerPrefix = "adamw/", RngPrefix = "rng/";

    private static IEnumerable<TensorBlob> AllBlobs(TrainingCheckpoint c) =>
        c.Model.Select(b => b with { Name = ModelPrefix + b.Name })
            .Concat(c.Optimizer.Select(b => b with { Name = OptimizerPrefix + b.Name }))
            .Concat(c.Rng.Select(b => b with { Name = RngPrefix + b.Name }));

    private static List<TensorBlob> Strip(List<TensorBlob> blobs, string prefix) =>
        blobs.Where(b => b.Name.StartsWith(prefix, StringComparison.Ordinal)).Select(b => b with { Name = b.Name[prefix.Length..] }).ToList();

    private sealed class Header
    {
        public int Format { get; set; } = (int)Version;

        public long Step { get; set; }

        public long SamplesSeen { get; set; }

        public double ElapsedSeconds { get; set; }

        public double LastLoss { get; set; }

        public string Tool { get; set; } = "MaeRealtime trainer";

        public DateTime CreatedUtc { get; set; } = DateTime.UtcNow;

        public MaeConfig? Config { get; set; }

        public TrainOptions? Options { get; set; }

        public OptimizerHeader? Optimizer { get; set; }

        public List<TensorHeader>? Tensors { get; set; }
    }

    private sealed class OptimizerHeader
    {
        public double Beta1 { get; set; }

        public double Beta2 { get; set; }

        public double Eps { get; set; }

        public Dictionary<string, long>? Steps { get; set; }
    }

    private sealed class TensorHeader
    {
        public string Name { get; set; } = string.Empty;

        public string DType { get; set; } = string.Empty;

        public long[] Shape { get; set; } = [];

        public long Length { get; set; }
    }
}
