using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Import;

/// <summary>
/// A source file read into what a conversion needs: its tensors by key and whatever it records beyond shapes.
/// Disposing releases native tensors a reader holds (PyTorch checkpoints are read into libtorch memory).
/// </summary>
internal sealed class SourceCheckpoint(string path, CheckpointFormat format, IReadOnlyDictionary<string, SourceTensor> tensors, IDisposable? owner = null) : IDisposable
{
    /// <summary>Where the file was read from.</summary>
    public string Path { get; } = path;

    /// <summary>What kind of file it is.</summary>
    public CheckpointFormat Format { get; } = format;

    /// <summary>The state dict: key to tensor.</summary>
    public IReadOnlyDictionary<string, SourceTensor> Tensors { get; } = tensors;

    /// <summary>The checkpoint's own record of <c>norm_pix_loss</c> (the reference saves its args), when present.</summary>
    public bool? NormPixLoss { get; init; }

    /// <summary>Where <see cref="NormPixLoss"/> was found, for the notes ("args.norm_pix_loss").</summary>
    public string? NormPixLossOrigin { get; init; }

    /// <summary>The full config, when the source records one (our trainer's checkpoints); heads and target come from it.</summary>
    public MaeConfig? RecordedConfig { get; init; }

    /// <inheritdoc/>
    public void Dispose() => owner?.Dispose();
}
