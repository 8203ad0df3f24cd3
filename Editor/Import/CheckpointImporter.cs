using System.Security.Cryptography;
using System.Text;
using MaeRealtime.Editor.Inspect;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Training.Trainer;

namespace MaeRealtime.Editor.Import;

/// <summary>
/// The asset-pipeline entry point: turns a checkpoint (a PyTorch zip <c>.pth</c> of facebookresearch/mae, a
/// safetensors file with the same keys, or our trainer's <c>.maeckpt</c> or run folder) into a weight file the runtime loads.
/// The architecture is inferred from tensor shapes; what shapes cannot tell (heads, pixel target, statistics) comes
/// from <see cref="ImportOptions"/>, the checkpoint's own records, or documented defaults, and every such decision is
/// reported in <see cref="ImportResult.Notes"/>. Anything that would give a wrong model is refused with an
/// <see cref="ImportException"/> listing each problem; nothing is written then.
/// <para>
/// An engine imports once and reuses the result: <see cref="ImportCached"/> keys the converted file by the SHA-256
/// of the source bytes and the options, so re-importing an unchanged asset costs one hash of the source.
/// </para>
/// </summary>
public static class CheckpointImporter
{
    // Part of every cache key: bump when a conversion of the same input would produce a different file.
    private const string ConverterVersion = "mae-import-1";

    /// <summary>Which source format <paramref name="path"/> holds (by content, not extension).</summary>
    /// <exception cref="ImportException">Missing, empty, a legacy (non-zip) .pth, already a weight file, or unknown.</exception>
    public static CheckpointFormat DetectFormat(string path) => CheckpointSniffer.Detect(path);

    /// <summary>Converts <paramref name="sourcePath"/> into the weight file <paramref name="outputPath"/> (written atomically).</summary>
    /// <exception cref="ImportException">The source cannot be read or does not describe a complete MAE; the message lists every problem.</exception>
    /// <exception cref="WeightFileException">The weight file cannot be written.</exception>
    public static ImportResult Convert(string sourcePath, string outputPath, ImportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        options ??= new ImportOptions();
        sourcePath = ResolveRunFolder(sourcePath);
        if (string.Equals(Path.GetFullPath(sourcePath), Path.GetFullPath(outputPath), StringComparison.Ordinal))
        {
            throw new ImportException(sourcePath, "the output path is the source itself; choose another --out.");
        }

        var format = CheckpointSniffer.Detect(sourcePath);
        using var source = Read(sourcePath, format);
        var notes = new List<string>();
        var warnings = new List<string>();
        var config = ConfigInference.Infer(source, options, notes, warnings);
        var problems = StateDictMapper.Check(source.Tensors, config);
        if (problems.Count > 0)
        {
            throw new ImportException(sourcePath, $"does not fit the reference MAE layout of the inferred config ({problems.Count} problem(s)):", problems);
        }

        var dtype = options.Fp16 ? TensorDType.Float16 : TensorDType.Float32;
        long bytes = StateDictMapper.DataBytes(config, dtype);
        if (bytes > Array.MaxLength - (1L << 20))
        {
            // The runtime reads a weight file into one managed array, which .NET caps just under 2 GiB.
            throw new ImportException(sourcePath, $"the weight file would hold {bytes / (1024.0 * 1024 * 1024):F2} GiB of tensors; the runtime loads at most 2 GiB per file."
                + (options.Fp16 ? string.Empty : " Convert with --fp16 (GEMM matrices as fp16 halve the size)."));
        }

        var tensors = StateDictMapper.ToWeightTensors(source, config, dtype);
        WeightFileWriter.Write(outputPath, config, tensors);
        return new ImportResult
        {
            SourcePath = sourcePath,
            OutputPath = outputPath,
            Format = format,
            Config = config,
            MatrixDType = dtype,
            ParameterCount = ModelCost.ParameterCount(config),
            Notes = notes,
            Warnings = warnings,
        };
    }

    /// <summary>
    /// Converts <paramref name="sourcePath"/> into <paramref name="cacheDirectory"/> unless an earlier conversion of the
    /// same bytes with the same options is there and still loads; then that one is returned with
    /// <see cref="ImportResult.FromCache"/> set. The file is <c>KEY.maew</c> beside a <c>KEY.import.json</c> record of the notes.
    /// </summary>
    /// <exception cref="ImportException">The source cannot be converted (see <see cref="Convert"/>).</exception>
    public static ImportResult ImportCached(string sourcePath, string cacheDirectory, ImportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(cacheDirectory);
        options ??= new ImportOptions();
        sourcePath = ResolveRunFolder(sourcePath);
        string key = ComputeCacheKey(sourcePath, options);
        string weights = Path.Combine(cacheDirectory, key + ".maew");
        string record = Path.Combine(cacheDirectory, key + ".import.json");
        if (ImportRecord.TryReuse(weights, record, sourcePath) is ImportResult cached)
        {
            return cached with { CacheKey = key };
        }

        Directory.CreateDirectory(cacheDirectory);
        var result = Convert(sourcePath, weights, options) with { CacheKey = key };
        ImportRecord.Write(record, result);
        return result;
    }

    /// <summary>The cache key of <paramref name="sourcePath"/> with <paramref name="options"/>: hex SHA-256 of the source's SHA-256, the options and the converter version.</summary>
    /// <exception cref="ImportException">The source cannot be read.</exception>
    public static string ComputeCacheKey(string sourcePath, ImportOptions? options = null)
    {
        options ??= new ImportOptions();
        sourcePath = ResolveRunFolder(sourcePath);
        byte[] contentHash;
        try
        {
            using var stream = File.OpenRead(sourcePath);
            contentHash = SHA256.HashData(stream);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImportException(sourcePath, ex is FileNotFoundException or DirectoryNotFoundException ? "file not found." : $"cannot be read: {ex.Message}", inner: ex);
        }

        string text = $"{ConverterVersion}\n{System.Convert.ToHexString(contentHash)}\n{options.CanonicalText()}\nweight-format={WeightFileFormat.Version}";
        return System.Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
    }

    /// <summary>A training run folder stands for the checkpoint in it, as with <c>mae export</c> and <c>mae train --resume</c>.</summary>
    private static string ResolveRunFolder(string path) =>
        Directory.Exists(path) && File.Exists(Path.Combine(path, TrainingCheckpoint.FileName)) ? Path.Combine(path, TrainingCheckpoint.FileName) : path;

    private static SourceCheckpoint Read(string path, CheckpointFormat format) => format switch
    {
        CheckpointFormat.PyTorchZip => PyTorchCheckpointReader.Read(path),
        CheckpointFormat.Safetensors => SafetensorsCheckpointReader.Read(path),
        CheckpointFormat.TrainerCheckpoint => TrainerCheckpointReader.Read(path),
        _ => throw new ImportException(path, $"format {format} has no reader."),
    };
}
