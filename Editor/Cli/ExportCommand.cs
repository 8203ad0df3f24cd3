using System.CommandLine;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Training.Export;
using MaeRealtime.Training.Import;
using MaeRealtime.Training.Trainer;

namespace MaeRealtime.Editor.Cli;

/// <summary><c>mae export</c>: a training checkpoint (file or run folder) to a weight file the runtime loads.</summary>
public sealed class ExportCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = $"Training checkpoint (.maeckpt) or a run folder holding {TrainingCheckpoint.FileName}.", Required = true };
        var output = new Option<string>("--out") { Description = "Weight file to write (.maew, atomically).", Required = true };
        var fp16 = new Option<bool>("--fp16") { Description = "Store the GEMM matrices as fp16 (half the size; the runtime's fp16 path)." };
        var fill = new Option<string?>("--fill") { Description = $"How the runtime fills holes, stored in the weight file's config: {HoleFillNames.Help}; default: prediction." };
        var command = new Command("export", "Convert a training checkpoint to a weight file.") { checkpoint, output, fp16, fill };
        command.SetAction(parseResult => Run(
            parseResult.InvocationConfiguration.Output,
            parseResult.GetRequiredValue(checkpoint),
            parseResult.GetRequiredValue(output),
            parseResult.GetValue(fp16),
            parseResult.GetValue(fill)));
        return command;
    }

    private static int Run(TextWriter stdout, string checkpointPath, string outPath, bool fp16, string? fillName)
    {
        HoleFill? fill = HoleFillNames.Parse(fillName);

        string path = TrainingCheckpoint.ResolvePath(checkpointPath);
        TrainingCheckpoint checkpoint;
        try
        {
            checkpoint = CheckpointFile.Read(path);
        }
        catch (CheckpointException ex)
        {
            throw new CliException(ex.Message, ex);
        }

        var dtype = fp16 ? TensorDType.Float16 : TensorDType.Float32;
        var c = checkpoint.Config with { Fill = fill ?? checkpoint.Config.Fill };
        using (var model = CreateModel(checkpoint, path))
        {
            // Fill is a runtime composite choice, not part of the weights: the tensors are the model's as trained.
            WeightFileWriter.Write(outPath, c, WeightExporter.ToWeightTensors(model, dtype));
        }

        stdout.WriteLine(
            $"Wrote {outPath}: {c.ImageSize} px, patch {c.PatchSize}, encoder {c.EmbedDim} x {c.Depth} ({c.NumHeads} heads), " +
            $"decoder {c.DecoderEmbedDim} x {c.DecoderDepth} ({c.DecoderNumHeads} heads), target {c.Target}, fill {c.Fill}, " +
            $"decoder kind {c.Decoder}, context radius {c.ContextRadius}, matrices {dtype}; " +
            $"from step {checkpoint.Step} of a {checkpoint.Options.Mode.ToString().ToLowerInvariant()} run.");
        return 0;
    }

    private static Training.Model.MaeModel CreateModel(TrainingCheckpoint checkpoint, string path)
    {
        try
        {
            return checkpoint.CreateModel();
        }
        catch (CheckpointException ex)
        {
            throw new CliException($"Checkpoint '{path}': {ex.Message}", ex);
        }
    }
}
