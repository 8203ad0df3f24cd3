using System.CommandLine;
using System.Text.Json;
using MaeRealtime.Editor.Imaging;
using MaeRealtime.Editor.Models;
using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.Editor.Cli;

/// <summary>
/// <c>mae inpaint</c>: fills the holes of one image with the MAE on Vulkan. The image must have the
/// model's tile size (full frames of any size come with the frame pipeline). A patch with any hole
/// pixel is masked; known pixels are copied exactly.
/// </summary>
public sealed class InpaintCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Weight file (.maew); default: the bundled default model." };
        var image = new Option<string>("--image") { Description = "Input image (PNG or JPEG).", Required = true };
        var mask = new Option<string>("--mask") { Description = "Hole mask (PNG or JPEG): a pixel whose red/gray value is >= 128 is a hole.", Required = true };
        var output = new Option<string>("--out") { Description = "Output PNG (written atomically).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print a JSON summary instead of text." };
        var device = new Option<string?>("--device") { Description = "Vulkan device name substring or index (default: MAE_DEVICE, else the best device)." };
        var validation = new Option<bool>("--validation") { Description = "Enable the Khronos validation layer (also MAE_VALIDATION=1)." };
        var command = new Command("inpaint", "Fill the holes of an image with the MAE on Vulkan.") { model, image, mask, output, json, device, validation };
        command.SetAction(parseResult => Run(
            parseResult.InvocationConfiguration.Output,
            parseResult.GetValue(model),
            parseResult.GetRequiredValue(image),
            parseResult.GetRequiredValue(mask),
            parseResult.GetRequiredValue(output),
            parseResult.GetValue(json),
            parseResult.GetValue(device),
            parseResult.GetValue(validation)));
        return command;
    }

    private static int Run(TextWriter stdout, string? modelPath, string imagePath, string maskPath, string outPath, bool json, string? device, bool validation)
    {
        var weightsFile = WeightFile.Load(ModelLocator.Resolve(modelPath));
        var config = weightsFile.Config;
        var rgb = RgbImage.Load(imagePath);
        var holes = HoleMask.Load(maskPath);
        if (rgb.Width != holes.Width || rgb.Height != holes.Height)
        {
            throw new CliException($"Image '{imagePath}' is {rgb.Width}x{rgb.Height} but mask '{maskPath}' is {holes.Width}x{holes.Height}; they must match.");
        }

        if (rgb.Width != config.ImageSize || rgb.Height != config.ImageSize)
        {
            throw new CliException($"Image '{imagePath}' is {rgb.Width}x{rgb.Height}; model '{weightsFile.Path}' takes {config.ImageSize}x{config.ImageSize} tiles.");
        }

        float[] holeValues = holes.ToFloats();
        var masking = TileMasking.FromHoleMasks(config, holeValues, 1);
        var result = new float[rgb.Pixels.Length];
        using var context = GpuContext.Create(new GpuContextOptions { Device = device, Validation = validation ? true : null });
        double[] stageMs;
        using (var weights = new GpuWeights(context, weightsFile))
        using (var forward = new MaeForward(context, weights, 1))
        {
            forward.Run(rgb.Pixels, holeValues, masking, result);
            stageMs = forward.Timer.StageMilliseconds.ToArray();
        }

        if (context.ValidationErrorCount > 0)
        {
            throw new CliException($"The Vulkan validation layer reported {context.ValidationErrorCount} error(s); no output written.");
        }

        new RgbImage(rgb.Width, rgb.Height, result).SaveAsPng(outPath);
        var stages = MaeForward.StageNames.Zip(stageMs).ToDictionary(p => p.First, p => Math.Round(p.Second, 4));
        if (json)
        {
            var summary = new
            {
                width = rgb.Width,
                height = rgb.Height,
                holePixels = holes.HoleCount,
                maskedPatches = masking.MaskedPatches,
                gpuMs = Math.Round(stageMs.Sum(), 4),
                stages,
                device = context.DeviceName,
                model = weightsFile.Path,
                output = outPath,
            };
            stdout.WriteLine(JsonSerializer.Serialize(summary));
        }
        else
        {
            stdout.WriteLine($"Filled {holes.HoleCount} hole pixels ({masking.MaskedPatches} of {config.NumPatches} patches masked) on {context.DeviceName} in {stageMs.Sum():F2} ms GPU; wrote {outPath}.");
            stdout.WriteLine("GPU stages: " + string.Join(", ", stages.Select(s => $"{s.Key} {s.Value:F2} ms")));
        }

        return 0;
    }
}
