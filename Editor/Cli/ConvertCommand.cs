using System.CommandLine;
using MaeRealtime.Editor.Import;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Cli;

/// <summary>
/// <c>mae convert</c>: a checkpoint (the reference's PyTorch <c>.pth</c>, safetensors, or our trainer's <c>.maeckpt</c>)
/// to a weight file, through <see cref="CheckpointImporter"/>. Prints the inferred config, where each value not read
/// from a shape came from, and what was flagged. A refusal prints one <c>mae: error:</c> line, then each problem on its
/// own line, and writes nothing.
/// </summary>
public sealed class ConvertCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var from = new Option<string>("--from") { Description = "Source checkpoint: PyTorch zip .pth ({'model': state_dict} or a bare state dict), .safetensors, or a training checkpoint (.maeckpt or its run folder).", Required = true };
        var output = new Option<string>("--out") { Description = "Weight file to write (.maew; written atomically).", Required = true };
        var heads = new Option<int?>("--heads") { Description = "Encoder attention heads (default by width: 1280/1024 -> 16, 768 -> 12, 192 -> 3, 48 -> 3)." };
        var decoderHeads = new Option<int?>("--decoder-heads") { Description = "Decoder attention heads (default by width: 512 -> 16, 128 -> 4, 32 -> 2)." };
        var fp16 = new Option<bool>("--fp16") { Description = "Store the GEMM matrices as fp16 (half the size)." };
        var fill = new Option<string?>("--fill") { Description = $"Hole fill: {HoleFillNames.Help} (\"residual\" also names residual-pushpull); default: a training checkpoint's own choice, else prediction." };
        fill.AcceptOnlyFromAmong([.. HoleFillNames.All]);
        var normPix = new Option<bool>("--norm-pix") { Description = "State that the model was trained with norm_pix_loss (flagged: it cannot fill holes faithfully)." };
        var rawPix = new Option<bool>("--raw-pix") { Description = "State that the model was trained on raw pixels (overrides what the checkpoint or its name implies)." };
        var command = new Command("convert", "Convert a reference PyTorch/safetensors checkpoint or a training checkpoint to a weight file.")
        {
            from, output, heads, decoderHeads, fp16, fill, normPix, rawPix,
        };
        command.SetAction(r =>
        {
            if (r.GetValue(normPix) && r.GetValue(rawPix))
            {
                throw new CliException("Give --norm-pix or --raw-pix, not both.");
            }

            var options = new ImportOptions
            {
                NumHeads = r.GetValue(heads),
                DecoderNumHeads = r.GetValue(decoderHeads),
                Fp16 = r.GetValue(fp16),
                Fill = HoleFillNames.Parse(r.GetValue(fill)),
                Target = r.GetValue(normPix) ? PixelTarget.PerPatchNormalized : r.GetValue(rawPix) ? PixelTarget.Normalized : null,
            };
            return Run(r.InvocationConfiguration.Output, r.InvocationConfiguration.Error, r.GetRequiredValue(from), r.GetRequiredValue(output), options);
        });
        return command;
    }

    private static int Run(TextWriter stdout, TextWriter stderr, string from, string outPath, ImportOptions options)
    {
        ImportResult result;
        try
        {
            result = CheckpointImporter.Convert(from, outPath, options);
        }
        catch (ImportException ex)
        {
            // The summary is the one line of reason; the tensor problems follow, one per line, so none is hidden.
            stderr.WriteLine($"mae: error: {ex.Summary}");
            foreach (string problem in ex.Problems)
            {
                stderr.WriteLine($"  {problem}");
            }

            return 1;
        }

        var c = result.Config;
        stdout.WriteLine($"Converted {result.SourcePath} ({Describe(result.Format)}) to {outPath} ({new FileInfo(outPath).Length / (1024.0 * 1024):F1} MiB).");
        stdout.WriteLine($"  model: {ConfigText.Architecture(c)}");
        stdout.WriteLine($"  parameters: {result.ParameterCount:N0}; matrices {result.MatrixDType}; target {ConfigText.Target(c.Target)}; fill {c.Fill}");
        foreach (string note in result.Notes)
        {
            stdout.WriteLine($"  {note}");
        }

        if (result.Warnings.Count == 0)
        {
            stdout.WriteLine("Flagged: nothing.");
        }
        else
        {
            stdout.WriteLine("Flagged:");
            foreach (string warning in result.Warnings)
            {
                stdout.WriteLine($"  {warning}");
            }
        }

        return 0;
    }

    private static string Describe(CheckpointFormat format) => format switch
    {
        CheckpointFormat.PyTorchZip => "PyTorch zip checkpoint",
        CheckpointFormat.Safetensors => "safetensors",
        CheckpointFormat.TrainerCheckpoint => "training checkpoint",
        _ => format.ToString(),
    };
}
