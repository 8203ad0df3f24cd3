using System.CommandLine;
using MaeRealtime.Editor.Eval;
using MaeRealtime.Editor.Models;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Cli;

/// <summary>
/// <c>mae demo</c>, the README's main job: the bundled default model fills holes of several shapes in
/// the bundled sample photos (held out from training) on Vulkan, next to OpenCV Telea, and writes
/// side-by-side PNGs, a chart and a report under <c>out/demo</c>, printing hole PSNR and GPU time.
/// It is the eval pipeline on the bundled data, so the numbers mean exactly what <c>mae eval</c>'s do.
/// </summary>
public sealed class DemoCommand : ICliCommand
{
    /// <summary>Hole shapes the demo makes.</summary>
    public const string Families = "thick,box,object";

    /// <summary>Where the build puts the bundled sample photos.</summary>
    public static string SamplesDirectory => Path.Combine(AppContext.BaseDirectory, "samples");

    /// <inheritdoc />
    public Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Weight file; default: the bundled default model." };
        var output = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => Path.Combine("out", "demo") };
        var device = new Option<string?>("--device") { Description = "Vulkan device name substring or index." };
        var command = new Command("demo", "Fill holes in the bundled sample photos with the bundled model; write side-by-side PNGs under out/demo.") { model, output, device };
        command.SetAction(r =>
        {
            var stdout = r.InvocationConfiguration.Output;
            string modelPath = ModelLocator.Resolve(r.GetValue(model));
            int tile = WeightFile.Load(modelPath).Config.ImageSize;
            string outDir = r.GetRequiredValue(output);
            if (!Directory.Exists(SamplesDirectory))
            {
                throw new CliException($"The bundled sample photos are missing at '{SamplesDirectory}' (rebuild the editor).");
            }

            stdout.WriteLine($"mae demo: model {modelPath}; samples {SamplesDirectory}; holes: {Families}; writing {Path.GetFullPath(outDir)}");
            var options = new EvalOptions(
                Model: modelPath, Images: SamplesDirectory, Masks: Families, Baselines: "telea", Crop: 2 * tile, RandomCrop: false,
                PerImage: 1, MaxImages: null, Seed: 7, Json: false, Report: outDir, Device: r.GetValue(device), Validation: false);
            int code = new EvalCommand().Run(stdout, r.InvocationConfiguration.Error, options);
            stdout.WriteLine($"mae demo: side-by-side grids (input with holes | MAE | Telea | original) and report.md are in {Path.GetFullPath(outDir)}");
            return code;
        });
        return command;
    }
}
