using System.CommandLine;
using System.Text.Json;
using MaeRealtime.Editor.Models;
using MaeRealtime.Editor.Soak;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.Editor.Cli;

/// <summary>
/// <c>mae soak</c>: a long run on one device (see <see cref="SoakRunner"/>) that fails when the runtime leaks:
/// live Vulkan objects must be back to their start count, resident memory and the managed heap must not grow
/// past their bounds, and validation (when on) must stay clean. Exit code 3 when the run finished but failed.
/// </summary>
public sealed class SoakCommand : ICliCommand
{
    /// <summary>Exit code of a run that finished but found growth or validation errors.</summary>
    public const int GrowthExitCode = 3;

    /// <inheritdoc />
    public Command Create()
    {
        var defaults = new SoakOptions();
        var frames = new Option<int>("--frames") { Description = "Frames to run.", DefaultValueFactory = _ => defaults.Frames };
        var recreate = new Option<int>("--recreate-every") { Description = "The host destroys and re-creates its images every N frames (alternately with ForgetImage and with a new image generation).", DefaultValueFactory = _ => defaults.RecreateImagesEvery };
        var cycles = new Option<int>("--cycles") { Description = "Inpainters created and disposed over the run, evenly spaced.", DefaultValueFactory = _ => defaults.InpainterCycles };
        var width = new Option<int>("--width") { Description = "Frame width.", DefaultValueFactory = _ => defaults.Width };
        var height = new Option<int>("--height") { Description = "Frame height.", DefaultValueFactory = _ => defaults.Height };
        var model = new Option<string?>("--model") { Description = "Weight file; default: random weights of the 'tiny' preset (the soak tests the engine's lifetime, not the model), or --model default for the bundled model." };
        var maxRss = new Option<double>("--max-rss-growth") { Description = "Resident-memory growth (MiB) above which the run fails.", DefaultValueFactory = _ => defaults.MaxRssGrowthMiB };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var device = new Option<string?>("--device") { Description = "Vulkan device name substring or index." };
        var validation = new Option<bool>("--validation") { Description = "Enable the Khronos validation layer with synchronization validation (also MAE_VALIDATION=1); errors fail the run." };
        var command = new Command("soak", "Run thousands of frames on one device with changing holes, re-created images and re-created inpainters; fail on growth of memory or Vulkan objects.")
        {
            frames, recreate, cycles, width, height, model, maxRss, json, device, validation,
        };
        command.SetAction(r =>
        {
            var options = defaults with
            {
                Frames = r.GetValue(frames),
                RecreateImagesEvery = r.GetValue(recreate),
                InpainterCycles = r.GetValue(cycles),
                Width = r.GetValue(width),
                Height = r.GetValue(height),
                MaxRssGrowthMiB = r.GetValue(maxRss),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new CliException(ex.Message);
            }

            return Run(r.InvocationConfiguration.Output, options, r.GetValue(model), r.GetValue(json), r.GetValue(device), r.GetValue(validation));
        });
        return command;
    }

    private static int Run(TextWriter stdout, SoakOptions options, string? modelPath, bool json, string? device, bool validation)
    {
        var (file, modelName) = LoadModel(modelPath);
        SoakReport report;
        using (var context = GpuContext.Create(new GpuContextOptions { Device = device, Validation = validation ? true : null }))
        {
            using var weights = new GpuWeights(context, file);
            report = SoakRunner.Run(context, weights, modelName, options, json ? null : line => stdout.WriteLine(line));
        }

        var failures = report.Failures;
        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(new
            {
                device = report.Device,
                model = report.Model,
                frames = options.Frames,
                width = options.Width,
                height = options.Height,
                framesInFlight = options.FramesInFlight,
                recreateEvery = options.RecreateImagesEvery,
                inpainters = report.InpaintersCreated,
                imageRecreations = report.ImageRecreations,
                framesWithHoles = report.FramesWithHoles,
                seconds = Math.Round(report.Seconds, 2),
                start = Snapshot(report.Start),
                end = Snapshot(report.End),
                liveObjectGrowth = report.LiveObjectGrowth,
                residentGrowthMiB = Math.Round(report.ResidentGrowthMiB, 2),
                managedGrowthMiB = Math.Round(report.ManagedGrowthMiB, 3),
                validationErrors = report.ValidationErrors,
                trace = report.Trace.Select(Snapshot).ToArray(),
                passed = failures.Count == 0,
                failures,
            }));
        }
        else
        {
            stdout.WriteLine($"{report.Device}: {options.Frames} frames of {options.Width}x{options.Height} ({options.FramesInFlight} in flight), model {report.Model}");
            stdout.WriteLine($"{report.InpaintersCreated} inpainters, images re-created {report.ImageRecreations} times, {report.FramesWithHoles} frames ran the model, {report.Seconds:F1} s");
            stdout.WriteLine($"{"",-22}{"start",14}{"end",14}");
            stdout.WriteLine($"{"frame",-22}{report.Start.Frame,14}{report.End.Frame,14}");
            stdout.WriteLine($"{"resident (VmRSS) MiB",-22}{Mib(report.Start.ResidentBytes),14:F1}{Mib(report.End.ResidentBytes),14:F1}");
            stdout.WriteLine($"{"managed heap MiB",-22}{Mib(report.Start.ManagedBytes),14:F2}{Mib(report.End.ManagedBytes),14:F2}");
            stdout.WriteLine($"{"live Vulkan objects",-22}{report.Start.LiveVulkanObjects,14}{report.End.LiveVulkanObjects,14}");
            stdout.WriteLine($"resident MiB by frame: {string.Join(", ", report.Trace.Select(s => $"{s.Frame}: {Mib(s.ResidentBytes):F1}"))}");
            stdout.WriteLine(failures.Count == 0 ? "no growth: passed" : $"FAILED: {string.Join("; ", failures)}");
        }

        return failures.Count == 0 ? 0 : GrowthExitCode;
    }

    private static object Snapshot(SoakSnapshot s) => new { frame = s.Frame, residentBytes = s.ResidentBytes, managedBytes = s.ManagedBytes, liveVulkanObjects = s.LiveVulkanObjects };

    private static double Mib(long bytes) => bytes / (1024.0 * 1024.0);

    private static (WeightFile File, string Name) LoadModel(string? modelPath)
    {
        if (modelPath is not null)
        {
            string path = ModelLocator.Resolve(modelPath == "default" ? null : modelPath);
            return (WeightFile.Load(path), Path.GetFileName(path));
        }

        string temp = Path.Combine(Path.GetTempPath(), $"mae-soak-{Environment.ProcessId}.maew");
        try
        {
            RandomWeights.Write(temp, MaeConfigPresets.Get("tiny"), seed: 1);
            return (WeightFile.Load(temp), "preset:tiny (random weights)");
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
