using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using MaeRealtime.Editor.Bench;
using MaeRealtime.Editor.Frames;
using MaeRealtime.Editor.Models;
using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.Editor.Cli;

/// <summary>
/// <c>mae bench</c>: times the MAE with GPU timestamps per stage. Uses a model file, or random weights of a named
/// preset so any architecture can be measured without training. Two modes: the forward on a batch of tiles
/// (default; medians over the timed iterations), and whole frames as an engine records them
/// (<c>--width --height --holes --frames</c>, see <see cref="FrameBench"/>).
/// </summary>
public sealed class BenchCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Weight file; default: the bundled model (or --preset)." };
        var preset = new Option<string?>("--preset") { Description = $"Random weights of a named architecture: {string.Join(", ", MaeConfigPresets.All.Keys)}." };
        var fp16 = new Option<bool>("--fp16") { Description = "With --preset: store the GEMM matrices as fp16." };
        var tiles = new Option<int>("--tiles") { Description = "Tile-batch mode: tiles per batch.", DefaultValueFactory = _ => 16 };
        var ratio = new Option<double>("--mask-ratio") { Description = "Tile-batch mode: fraction of patches masked per tile (random, seeded).", DefaultValueFactory = _ => 0.75 };
        var iterations = new Option<int>("--iterations") { Description = "Tile-batch mode: timed passes.", DefaultValueFactory = _ => 10 };
        var warmup = new Option<int?>("--warmup") { Description = $"Untimed passes first (default 2); in frame mode untimed frames (default {FrameBench.DefaultWarmup}: each of the 2 slots records its pass once, then the first statistics read)." };
        var width = new Option<int?>("--width") { Description = "Frame mode: frame width (default 1920)." };
        var height = new Option<int?>("--height") { Description = "Frame mode: frame height (default 1080)." };
        var holes = new Option<double?>("--holes") { Description = "Frame mode: fraction of pixels that are holes, 0..1 (seeded blobs, strokes and boxes of several sizes; default 0.05)." };
        var frames = new Option<int?>("--frames") { Description = "Frame mode: timed frames (default 10)." };
        var overlap = new Option<int?>("--overlap") { Description = $"Frame mode: {FrameSetup.OverlapHelp}" };
        var contextRadius = new Option<int?>("--context-radius") { Description = $"Frame mode: {FrameSetup.ContextRadiusHelp}" };
        var feather = new Option<int>("--feather") { Description = "Frame mode: feathering radius in pixels (0..16).", DefaultValueFactory = _ => 0 };
        var planOnly = new Option<bool>("--plan-only") { Description = "Frame mode: plan the frame on the CPU and report its tiles and FLOPs without running it (no device needed)." };
        var history = new Option<bool>("--history") { Description = "Frame mode: with temporal history and a zero motion-vector image (docs/INTEGRATION.md section 17)." };
        var depth = new Option<bool>("--depth") { Description = "Frame mode: with a depth image (a flat plane: the depth passes run, nothing is withheld)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var device = new Option<string?>("--device") { Description = "Vulkan device name substring or index." };
        var validation = new Option<bool>("--validation") { Description = "Enable the Khronos validation layer (also MAE_VALIDATION=1); validation errors fail the run." };
        var command = new Command(
            "bench",
            "Time the MAE on the GPU per stage: a batch of tiles (default), or whole frames as an engine records them (--width/--height/--holes/--frames).")
        {
            model, preset, fp16, tiles, ratio, iterations, warmup, width, height, holes, frames, overlap, contextRadius, feather, planOnly, history, depth, json, device, validation,
        };
        command.SetAction(r =>
        {
            bool frameMode = r.GetValue(width) is not null || r.GetValue(height) is not null || r.GetValue(holes) is not null || r.GetValue(frames) is not null;
            if (!frameMode)
            {
                if (r.GetValue(overlap) is not null || r.GetValue(contextRadius) is not null || r.GetValue(planOnly) || r.GetResult(feather) is { Implicit: false })
                {
                    throw new CliException("--overlap, --context-radius, --plan-only and --feather apply to the frame mode (give --width, --height, --holes or --frames).");
                }

                return Run(
                    r.InvocationConfiguration.Output, r.GetValue(model), r.GetValue(preset), r.GetValue(fp16), r.GetValue(tiles), r.GetValue(ratio),
                    r.GetValue(iterations), r.GetValue(warmup) ?? 2, r.GetValue(json), r.GetValue(device), r.GetValue(validation));
            }

            foreach (Option option in new Option[] { tiles, ratio, iterations })
            {
                if (r.GetResult(option) is { Implicit: false })
                {
                    throw new CliException($"{option.Name} applies to the tile-batch mode, not the frame mode (--width/--height/--holes/--frames).");
                }
            }

            string? presetName = r.GetValue(preset);
            var file = LoadModel(r.GetValue(model), presetName, r.GetValue(fp16));
            var options = new FrameBenchOptions(
                r.GetValue(width) ?? 1920, r.GetValue(height) ?? 1080, r.GetValue(holes) ?? 0.05, r.GetValue(frames) ?? 10, r.GetValue(warmup) ?? FrameBench.DefaultWarmup,
                r.GetValue(overlap), r.GetValue(feather), r.GetValue(json), r.GetValue(device), r.GetValue(validation), r.GetValue(contextRadius), r.GetValue(planOnly), r.GetValue(history), r.GetValue(depth));
            return FrameBench.Run(r.InvocationConfiguration.Output, file, presetName is null ? file.Path : $"preset:{presetName}", options);
        });
        return command;
    }

    private static int Run(TextWriter stdout, string? modelPath, string? preset, bool fp16, int tiles, double ratio, int iterations, int warmup, bool json, string? device, bool validation)
    {
        if (tiles < 1 || iterations < 1 || warmup < 0 || ratio is < 0 or > 1)
        {
            throw new CliException($"Need --tiles >= 1, --iterations >= 1, --warmup >= 0 and --mask-ratio in [0, 1] (found {tiles}, {iterations}, {warmup}, {ratio}).");
        }

        WeightFile file = LoadModel(modelPath, preset, fp16);
        var c = file.Config;
        int s2 = c.ImageSize * c.ImageSize;
        var rng = new Random(1);
        var images = new float[tiles * s2 * 3];
        for (int i = 0; i < images.Length; i++)
        {
            images[i] = (float)rng.NextDouble();
        }

        int keep = (int)(c.NumPatches * (1 - ratio));
        var kept = Enumerable.Range(0, tiles).Select(_ => Enumerable.Range(0, c.NumPatches).OrderBy(_ => rng.Next()).Take(keep).ToArray()).ToArray();
        var masking = TileMasking.FromKeptIndices(c.NumPatches, kept);
        var holes = new float[tiles * s2];
        var output = new float[images.Length];

        using var context = GpuContext.Create(new GpuContextOptions { Device = device, Validation = validation ? true : null });
        using var weights = new GpuWeights(context, file);
        using var forward = new MaeForward(context, weights, tiles);
        for (int i = 0; i < warmup; i++)
        {
            forward.Run(images, holes, masking, output);
        }

        var stageSamples = MaeForward.StageNames.Select(_ => new List<double>()).ToArray();
        var cpuMs = new List<double>();
        for (int i = 0; i < iterations; i++)
        {
            long start = Stopwatch.GetTimestamp();
            forward.Run(images, holes, masking, output);
            cpuMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            for (int k = 0; k < stageSamples.Length; k++)
            {
                stageSamples[k].Add(forward.Timer.StageMilliseconds[k]);
            }
        }

        if (context.ValidationErrorCount > 0)
        {
            throw new CliException($"The Vulkan validation layer reported {context.ValidationErrorCount} error(s); results discarded.");
        }

        var stages = MaeForward.StageNames.Select((name, k) => (name, ms: Median(stageSamples[k]))).ToList();
        double gpuMs = stages.Sum(x => x.ms);
        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(new
            {
                device = context.DeviceName,
                model = preset is null ? file.Path : $"preset:{preset}",
                matrices = file.MatrixDType.ToString(),
                kernels = forward.KernelFamily.ToString(),
                tiles,
                maskRatio = ratio,
                visiblePerTile = keep,
                iterations,
                gpuMsPerBatch = Math.Round(gpuMs, 4),
                gpuMsPerTile = Math.Round(gpuMs / tiles, 4),
                wallMsPerBatch = Math.Round(Median(cpuMs), 4),
                stages = stages.ToDictionary(x => x.name, x => Math.Round(x.ms, 4)),
            }));
        }
        else
        {
            stdout.WriteLine($"{context.DeviceName}: {tiles} tiles of {c.ImageSize}px, {keep}/{c.NumPatches} patches visible, {file.MatrixDType} matrices, {forward.KernelFamily} kernels");
            foreach (var (name, ms) in stages)
            {
                stdout.WriteLine($"  {name,-12} {ms,10:F3} ms");
            }

            stdout.WriteLine($"  {"gpu total",-12} {gpuMs,10:F3} ms  ({gpuMs / tiles:F3} ms/tile); wall incl. upload/readback {Median(cpuMs):F3} ms");
        }

        return 0;
    }

    private static WeightFile LoadModel(string? modelPath, string? preset, bool fp16)
    {
        if (preset is null)
        {
            return WeightFile.Load(ModelLocator.Resolve(modelPath));
        }

        if (modelPath is not null)
        {
            throw new CliException("Give either --model or --preset, not both.");
        }

        MaeConfig config;
        try
        {
            config = MaeConfigPresets.Get(preset);
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message);
        }

        string path = Path.Combine(Path.GetTempPath(), $"mae-bench-{Environment.ProcessId}.maew");
        try
        {
            RandomWeights.Write(path, config, seed: 1, fp16 ? TensorDType.Float16 : TensorDType.Float32);
            return WeightFile.Load(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
