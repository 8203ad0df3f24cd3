using System.CommandLine;
using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.Editor.Cli;

/// <summary>
/// <c>mae validate FILE</c>: exit code 0 only for a file the runtime will use: <see cref="WeightFile.Load"/> accepts
/// it (names, shapes, sizes, checksum), no tensor holds NaN/Inf, and a Vulkan forward of one tile with a quarter of it
/// a hole runs and gives finite output. Anything else is one line naming the problem and exit code 1.
/// </summary>
public sealed class ValidateCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "Weight file (.maew)." };
        var device = new Option<string?>("--device") { Description = "Vulkan device name substring or index (default: MAE_DEVICE, else the best device)." };
        var validation = new Option<bool>("--validation") { Description = "Enable the Khronos validation layer (also MAE_VALIDATION=1); any validation error fails the check." };
        var command = new Command("validate", "Check that the runtime loads a weight file and runs it on Vulkan (exit code 0 only then).") { file, device, validation };
        command.SetAction(r => Run(r.InvocationConfiguration.Output, r.GetRequiredValue(file), r.GetValue(device), r.GetValue(validation)));
        return command;
    }

    private static int Run(TextWriter stdout, string path, string? device, bool validation)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Weight file '{path}' does not exist.", path);
        }

        // Load refuses NaN/Inf weights, naming the tensor.
        var file = WeightFile.Load(path);

        var c = file.Config;
        var (image, holes) = ProbeTile(c.ImageSize);
        var masking = TileMasking.FromHoleMasks(c, holes, 1);
        var output = new float[image.Length];
        var recon = new float[image.Length];
        using var context = GpuContext.Create(new GpuContextOptions { Device = device, Validation = validation ? true : null });
        double gpuMs;
        using (var weights = new GpuWeights(context, file))
        using (var forward = CreateForward(context, weights, path))
        {
            forward.Run(image, holes, masking, output, recon);
            gpuMs = forward.Timer.StageMilliseconds.Sum();
        }

        if (context.ValidationErrorCount > 0)
        {
            throw new CliException($"Weight file '{path}': the forward pass raised {context.ValidationErrorCount} Vulkan validation error(s) on {context.DeviceName}.");
        }

        int nonFinite = recon.Count(v => !float.IsFinite(v)) + output.Count(v => !float.IsFinite(v));
        if (nonFinite > 0)
        {
            throw new CliException($"Weight file '{path}': the forward pass on {context.DeviceName} produced {nonFinite} NaN/Inf value(s) (overflow in the model's activations).");
        }

        stdout.WriteLine($"ok: {path} loads ({ConfigText.Architecture(c)}; {file.MatrixDType} matrices) and a forward of one tile "
            + $"({masking.MaskedPatches} of {c.NumPatches} patches masked) ran on {context.DeviceName} with finite output in {gpuMs:F2} ms GPU.");
        return 0;
    }

    private static MaeForward CreateForward(GpuContext context, GpuWeights weights, string path)
    {
        try
        {
            return new MaeForward(context, weights, 1);
        }
        catch (ArgumentException ex)
        {
            throw new CliException($"Weight file '{path}': the runtime cannot run this model: {ex.Message}", ex);
        }
    }

    /// <summary>A smooth colour ramp with texture and a centred square hole of a quarter of the tile.</summary>
    private static (float[] Image, float[] Holes) ProbeTile(int s)
    {
        var image = new float[s * s * 3];
        var holes = new float[s * s];
        int h0 = s / 4, h1 = s - (s / 4);
        for (int y = 0; y < s; y++)
        {
            for (int x = 0; x < s; x++)
            {
                int i = (y * s) + x;
                image[(3 * i) + 0] = (float)x / s;
                image[(3 * i) + 1] = (float)y / s;
                image[(3 * i) + 2] = 0.5f + (0.25f * MathF.Sin(x * 0.7f) * MathF.Cos(y * 0.5f));
                holes[i] = x >= h0 && x < h1 && y >= h0 && y < h1 ? 1f : 0f;
            }
        }

        return (image, holes);
    }
}
