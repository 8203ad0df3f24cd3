using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Import;

/// <summary>What a conversion produced and what it had to decide or flag on the way.</summary>
public sealed record ImportResult
{
    /// <summary>The checkpoint that was converted.</summary>
    public required string SourcePath { get; init; }

    /// <summary>The weight file written (or reused from the cache).</summary>
    public required string OutputPath { get; init; }

    /// <summary>What kind of file the source was.</summary>
    public required CheckpointFormat Format { get; init; }

    /// <summary>The config stored in the weight file.</summary>
    public required MaeConfig Config { get; init; }

    /// <summary>Element type of the GEMM matrices in the weight file.</summary>
    public required TensorDType MatrixDType { get; init; }

    /// <summary>Learned values in the model (every tensor except the two fixed sin-cos position tables).</summary>
    public required long ParameterCount { get; init; }

    /// <summary>Where each value not visible in the tensor shapes came from (heads, pixel target, statistics), one line each.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Problems that did not stop the conversion but limit the result (a norm-pix target), one line each.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>True when <see cref="CheckpointImporter.ImportCached"/> reused an earlier conversion.</summary>
    public bool FromCache { get; init; }

    /// <summary>The content hash of source and options (hex SHA-256), set by <see cref="CheckpointImporter.ImportCached"/>.</summary>
    public string? CacheKey { get; init; }
}
