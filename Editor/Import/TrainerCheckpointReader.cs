using System.Runtime.InteropServices;
using MaeRealtime.Training.Import;
using MaeRealtime.Training.Trainer;
using static TorchSharp.torch;

namespace MaeRealtime.Editor.Import;

/// <summary>
/// Reads this project's training checkpoints (<c>.maeckpt</c>, <see cref="CheckpointFile"/>). They record the whole
/// config, so heads, pixel target, statistics and hole fill come from the checkpoint rather than from defaults;
/// only the model's tensors are used (optimizer moments and RNG states are training state).
/// </summary>
internal static class TrainerCheckpointReader
{
    /// <summary>Reads and verifies <paramref name="path"/> (checksum included).</summary>
    public static SourceCheckpoint Read(string path)
    {
        TrainingCheckpoint checkpoint;
        try
        {
            checkpoint = CheckpointFile.Read(path);
        }
        catch (CheckpointException ex)
        {
            // CheckpointException already names the file; keep only its reason.
            string prefix = $"Checkpoint '{ex.Source}': ";
            string reason = ex.Message.StartsWith(prefix, StringComparison.Ordinal) ? ex.Message[prefix.Length..] : ex.Message;
            throw new ImportException(path, reason, inner: ex);
        }

        var tensors = checkpoint.Model.ToDictionary(
            b => b.Name,
            b => new SourceTensor(b.Name, b.Shape, b.DType.ToString(), () => ToFloats(path, b)),
            StringComparer.Ordinal);
        return new SourceCheckpoint(path, CheckpointFormat.TrainerCheckpoint, tensors) { RecordedConfig = checkpoint.Config };
    }

    private static float[] ToFloats(string path, TensorBlob blob) =>
        blob.DType == ScalarType.Float32
            ? MemoryMarshal.Cast<byte, float>(blob.Data).ToArray()
            : throw new ImportException(path, $"tensor '{blob.Name}' has dtype {blob.DType}; model weights are Float32.");
}
