using System.Diagnostics;
using System.Text.Json;
using MaeRealtime.Editor.Cli;
using MaeRealtime.Editor.Frames;
using MaeRealtime.Editor.Imaging;
using MaeRealtime.Editor.Inspect;
using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Spectre.Console;

namespace MaeRealtime.Editor.Bench;

/// <summary>What <c>mae bench</c>'s frame mode measures.</summary>
/// <param name="History">Run with <see cref="FrameInpainterOptions.History"/> and a zero motion-vector image (a static camera).</param>
/// <param name="Depth">Pass a depth image (a flat plane: the depth passes run, no pixel is withheld).</param>
internal sealed record FrameBenchOptions(int Width, int Height, double Holes, int Frames, int Warmup, int? Overlap, int Feather, bool Json, string? Device, bool Validation, int? ContextRadius = null, bool PlanOnly = false, bool History = false, bool Depth = false);

/// <summary>
/// <c>mae bench</c>'s frame mode: the whole-frame pass as an engine runs it. A W x H frame (a bundled photo resized,
/// or a synthetic one) and a seeded hole mask covering the requested fraction of pixels (blobs, strokes and boxes of
/// several sizes) are uploaded once; then every frame records <see cref="FrameInpainter.Record"/> into the host's
/// own primary command buffer and submits it, two frames in flight (a command buffer and a fence each). After the
/// warm-up frames (by default <see cref="DefaultWarmup"/>: each slot records its pass once, then the first statistics
/// read) it measures the wall time (Stopwatch), the recording thread's CPU time (Linux) and the managed allocations of
/// each <see cref="FrameInpainter.Record"/> call, and reads
/// each frame's GPU timestamps and active tiles from <see cref="FrameInpainter.LatestStats"/>, which
/// <see cref="FrameInpainter.Record"/> refreshes from the frame whose slot it reuses.
/// </summary>
internal static class FrameBench
{
    /// <summary>Warm-up frames by default: one per frame in flight (each slot records its pass), plus the first statistics read.</summary>
    public const int DefaultWarmup = FramesInFlight + 1;

    private const int FramesInFlight = 2;
    private const int MaskSeed = 1;

    public static int Run(TextWriter stdout, WeightFile file, string modelLabel, FrameBenchOptions o)
    {
        if (o.Width < 1 || o.Height < 1 || o.Frames < 1 || o.Warmup < 0 || o.Holes is < 0 or > 1 || double.IsNaN(o.Holes))
        {
            throw new CliException($"Need --width >= 1, --height >= 1, --frames >= 1, --warmup >= 0 and --holes in [0, 1] (found {o.Width}, {o.Height}, {o.Frames}, {o.Warmup}, {o.Holes}).");
        }

        var config = file.Config;
        var options = FrameSetup.Options(o.Width, o.Height, o.Overlap, o.Feather, config, o.ContextRadius) with { FramesInFlight = FramesInFlight, History = o.History };
        if (o.PlanOnly)
        {
            return PlanOnly(stdout, file, modelLabel, o, options);
        }

        using var context = GpuContext.Create(new GpuContextOptions { Device = o.Device, Validation = o.Validation ? true : null });
        FrameSetup.CheckDeviceLimit(context, o.Width, o.Height, "The frame");
        var (rgba, source) = SampleFrame(o.Width, o.Height);
        var mask = FrameHoles.Generate(o.Width, o.Height, o.Holes, MaskSeed, FrameHoles.AllShapes);
        long holePixels = mask.LongCount(m => m >= 128);

        using var weights = new GpuWeights(context, file);
        using var inpainter = FrameSetup.CreateFrameInpainter(context, weights, options);
        var plan = FrameTilePlan.Compute(inpainter.GridFor(o.Width, o.Height), config, inpainter.ContextRadius, mask);
        var samples = new Samples(o.Frames, FrameInpainter.StageNames.Count);
        using (var host = new FrameBenchHost(context, o.Width, o.Height, rgba, mask, FramesInFlight, motion: o.History, depth: o.Depth))
        {
            try
            {
                RunFrames(host, inpainter, o.Warmup, o.Frames, samples);
            }
            finally
            {
                context.WaitIdle();
                host.Forget(inpainter);
            }
        }

        if (context.ValidationErrorCount > 0)
        {
            throw new CliException($"The Vulkan validation layer reported {context.ValidationErrorCount} error(s); results discarded.");
        }

        var report = new Report(o, samples, plan, config, holePixels, context.DeviceName, inpainter, modelLabel, source);
        if (o.Json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(report.ToJson()));
        }
        else
        {
            report.WriteTable(stdout);
        }

        return 0;
    }

    /// <summary>
    /// The frame's plan and FLOPs without a device: the same hole mask and grid, planned on the CPU by the rule the GPU
    /// follows (tested equal), so the machine-independent columns of the bench table come without running the frames.
    /// </summary>
    private static int PlanOnly(TextWriter stdout, WeightFile file, string modelLabel, FrameBenchOptions o, FrameInpainterOptions options)
    {
        var config = file.Config;
        var mask = FrameHoles.Generate(o.Width, o.Height, o.Holes, MaskSeed, FrameHoles.AllShapes);
        int overlap = options.TileOverlap ?? FrameTileGrid.DefaultOverlap(config.ImageSize, config.PatchSize);
        int radius = options.ContextRadius ?? config.ContextRadius;
        var grid = new FrameTileGrid(config.ImageSize, overlap, o.Width, o.Height);
        var plan = FrameTilePlan.Compute(grid, config, radius, mask);
        int tilesPerPass = Math.Min(options.TilesPerPass, grid.Count);
        var json = new
        {
            width = o.Width,
            height = o.Height,
            holes = o.Holes,
            planOnly = true,
            holePixelFraction = Math.Round((double)mask.LongCount(m => m >= 128) / ((long)o.Width * o.Height), 6),
            gridTiles = grid.Count,
            plannedTiles = plan.ActiveTiles,
            maskedPatches = plan.MaskedPatches,
            contextPatches = plan.ContextPatches,
            contextRadius = radius,
            decoder = config.Decoder.ToString(),
            overlap,
            gflopPerFrame = Math.Round(plan.ModelFlops(config) / 1e9, 4),
            gflopDispatchedPerFrame = Math.Round(plan.DispatchedFlops(config, tilesPerPass, FrameInpainter.IndirectRowQuantum) / 1e9, 4),
            // No device: the compulsory activation traffic with either precision.
            activationMBPerFrameFp32 = Math.Round(plan.ActivationBytes(config, halfActivations: false) / 1e6, 1),
            activationMBPerFrameFp16 = Math.Round(plan.ActivationBytes(config, halfActivations: true) / 1e6, 1),
            model = modelLabel,
        };
        stdout.WriteLine(o.Json
            ? JsonSerializer.Serialize(json)
            : $"{o.Width}x{o.Height}, {o.Holes:P1} holes, model {modelLabel} ({config.Decoder} decoder, context radius {radius}, overlap {overlap}): {plan.ActiveTiles} of {grid.Count} tiles, {plan.ContextPatches} context and {plan.MaskedPatches} masked patches, {json.gflopPerFrame:F3} GFLOP planned, {json.gflopDispatchedPerFrame:F3} GFLOP dispatched, activation traffic {json.activationMBPerFrameFp32:F1} MB (fp32) / {json.activationMBPerFrameFp16:F1} MB (fp16) (plan only: no frame ran)");
        return 0;
    }

    /// <summary>
    /// The frame loop. Frame f waits for frame f - 2 (its slot's fence), records, submits. Only the
    /// <see cref="FrameInpainter.Record"/> call is inside the CPU and allocation measurement; nothing in the loop
    /// allocates (the sample arrays are sized up front).
    /// </summary>
    private static void RunFrames(FrameBenchHost host, FrameInpainter inpainter, int warmup, int frames, Samples samples)
    {
        var frame = host.Frame;
        long total = warmup + frames;
        for (long f = 0; f < total; f++)
        {
            var cmd = host.Begin(f);
            long bytesBefore = GC.GetAllocatedBytesForCurrentThread();
            long cpuBefore = ThreadCpuClock.Nanoseconds();
            long start = Stopwatch.GetTimestamp();
            inpainter.Record(cmd, frame);
            long end = Stopwatch.GetTimestamp();
            long cpuAfter = ThreadCpuClock.Nanoseconds();
            long bytesAfter = GC.GetAllocatedBytesForCurrentThread();
            host.Submit(f);
            if (f >= warmup)
            {
                samples.CpuTicks[f - warmup] = end - start;
                samples.ThreadCpuNs[f - warmup] = cpuAfter - cpuBefore;
                samples.GcBytes += bytesAfter - bytesBefore;
            }

            samples.Observe(inpainter.LatestStats, warmup);
        }

        // The last frames in flight: wait for each in turn and read its statistics.
        for (long f = Math.Max(0, total - host.Slots); f < total; f++)
        {
            host.Wait(f);
            samples.Observe(inpainter.UpdateStats(), warmup);
        }
    }

    /// <summary>The first bundled sample photo resized to the frame (a synthetic gradient when the samples are missing), as RGBA8.</summary>
    private static (byte[] Rgba, string Source) SampleFrame(int width, int height)
    {
        string? photo = Directory.Exists(DemoCommand.SamplesDirectory)
            ? Directory.EnumerateFiles(DemoCommand.SamplesDirectory, "*.jpg").Order(StringComparer.Ordinal).FirstOrDefault()
            : null;
        var rgba = new byte[width * height * 4];
        if (photo is not null)
        {
            using var image = Image.Load<Rgba32>(ImageFormats.Configuration, photo);
            image.Mutate(x => x.Resize(width, height));
            image.CopyPixelDataTo(rgba);
            return (rgba, Path.GetFileName(photo));
        }

        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = ((y * width) + x) * 4;
                rgba[i] = (byte)(x * 255 / Math.Max(1, width - 1));
                rgba[i + 1] = (byte)(y * 255 / Math.Max(1, height - 1));
                rgba[i + 2] = (byte)(128 + (int)(60 * Math.Sin((x + y) / 9.0)));
                rgba[i + 3] = 255;
            }
        }

        return (rgba, "synthetic");
    }

    private static double Median(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return 0;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Per-frame measurements, preallocated so the frame loop allocates nothing.</summary>
    private sealed class Samples(int frames, int stages)
    {
        private long _lastFrame = -1;

        public long[] CpuTicks { get; } = new long[frames];

        public long[] ThreadCpuNs { get; } = new long[frames];

        public long GcBytes { get; set; }

        public double[] GpuMs { get; } = new double[frames];

        public double[][] StageMs { get; } = Enumerable.Range(0, stages).Select(_ => new double[frames]).ToArray();

        public int GpuCount { get; private set; }

        public int ActiveTiles { get; private set; }

        public int Rerecorded { get; private set; }

        /// <summary>Takes the statistics of a timed frame not seen yet.</summary>
        public void Observe(FrameStats? stats, int warmup)
        {
            if (stats is null || stats.FrameNumber <= _lastFrame || stats.FrameNumber < warmup || GpuCount == GpuMs.Length)
            {
                return;
            }

            _lastFrame = stats.FrameNumber;
            GpuMs[GpuCount] = stats.GpuMilliseconds;
            var stageMs = stats.StageMilliseconds;
            for (int k = 0; k < StageMs.Length && k < stageMs.Length; k++)
            {
                StageMs[k][GpuCount] = stageMs[k];
            }

            ActiveTiles = stats.ActiveTiles;
            Rerecorded += stats.Rerecorded ? 1 : 0;
            GpuCount++;
        }
    }

    private sealed class Report
    {
        private readonly FrameBenchOptions _o;
        private readonly Samples _s;
        private readonly FrameTilePlan _plan;
        private readonly string _device;
        private readonly string _kernels;
        private readonly bool _halfActivations;
        private readonly double _activationMB;
        private readonly string _model;
        private readonly string _source;
        private readonly int _overlap;
        private readonly double _holeFraction;
        private readonly double _gflop;
        private readonly double _gflopDispatched;
        private readonly int _contextRadius;
        private readonly MaeConfig _config;

        public Report(FrameBenchOptions o, Samples s, FrameTilePlan plan, MaeConfig config, long holePixels, string device, FrameInpainter inpainter, string model, string source)
        {
            _config = config;
            _o = o;
            _s = s;
            _plan = plan;
            _device = device;
            _kernels = inpainter.KernelFamily.ToString();
            _halfActivations = inpainter.HalfActivations;
            _activationMB = plan.ActivationBytes(config, _halfActivations) / 1e6;
            _overlap = inpainter.Overlap;
            _model = model;
            _source = source;
            _holeFraction = (double)holePixels / ((long)o.Width * o.Height);
            _gflop = plan.ModelFlops(config) / 1e9;
            // The indirect passes round each pass's row counts up to the quantum of their dispatch table.
            _gflopDispatched = plan.DispatchedFlops(config, inpainter.TilesPerPass, FrameInpainter.IndirectRowQuantum) / 1e9;
            _contextRadius = inpainter.ContextRadius;
            double tick = 1e6 / Stopwatch.Frequency;
            var cpuUs = s.CpuTicks.Select(t => t * tick).ToArray();
            CpuUs = Median(cpuUs);
            CpuUsMax = cpuUs.Max();
            ThreadCpuUs = ThreadCpuClock.Available ? Median(s.ThreadCpuNs.Select(n => n / 1e3).ToArray()) : null;
            GcBytesPerFrame = (double)s.GcBytes / o.Frames;
            GpuMs = Median(s.GpuMs.AsSpan(0, s.GpuCount));
            Stages = FrameSetup.Stages(s.StageMs.Select(k => Median(k.AsSpan(0, s.GpuCount))).ToArray());
        }

        public double CpuUs { get; }

        public double CpuUsMax { get; }

        /// <summary>Median CPU time the recording thread used in Record (null where the clock is missing).</summary>
        public double? ThreadCpuUs { get; }

        public double GcBytesPerFrame { get; }

        public double GpuMs { get; }

        public Dictionary<string, double> Stages { get; }

        public object ToJson() => new
        {
            width = _o.Width,
            height = _o.Height,
            holes = _o.Holes,
            frames = _o.Frames,
            gpuMsPerFrame = Math.Round(GpuMs, 4),
            cpuUsPerFrame = Math.Round(CpuUs, 2),
            gcBytesPerFrame = GcBytesPerFrame,
            tiles = _s.ActiveTiles,
            gflopPerFrame = Math.Round(_gflop, 4),
            stages = Stages,
            device = _device,
            kernelFamily = _kernels,
            activations = _halfActivations ? "fp16" : "fp32",
            activationMBPerFrame = Math.Round(_activationMB, 1),
            warmupFrames = _o.Warmup,
            gpuSamples = _s.GpuCount,
            cpuUsMax = Math.Round(CpuUsMax, 2),
            cpuThreadUsPerFrame = ThreadCpuUs is { } t ? Math.Round(t, 2) : (double?)null,
            holePixelFraction = Math.Round(_holeFraction, 6),
            gridTiles = _plan.Grid.Count,
            plannedTiles = _plan.ActiveTiles,
            maskedPatches = _plan.MaskedPatches,
            contextPatches = _plan.ContextPatches,
            contextRadius = _contextRadius,
            decoder = _config.Decoder.ToString(),
            gflopDispatchedPerFrame = Math.Round(_gflopDispatched, 4),
            rerecordedFrames = _s.Rerecorded,
            overlap = _overlap,
            feather = _o.Feather,
            history = _o.History,
            depth = _o.Depth,
            model = _model,
            frameSource = _source,
        };

        public void WriteTable(TextWriter output)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(output),
            });
            console.Profile.Width = 120;
            output.WriteLine(
                $"{_device} ({_kernels} kernels, {(_halfActivations ? "fp16" : "fp32")} activations): {_o.Width}x{_o.Height} frame ({_source}), {_holeFraction:P2} holes, {_plan.Grid.Count} tiles of " +
                $"{_plan.Grid.TileSize} px (overlap {_overlap}), {_o.Frames} timed frames after {_o.Warmup} warm-up, {FramesInFlight} in flight; model {_model}");
            var table = new Table().Border(TableBorder.Ascii);
            table.AddColumn("measure");
            table.AddColumn(new TableColumn("per frame").RightAligned());
            table.AddRow("GPU time (median)", $"{GpuMs:F3} ms");
            foreach (var (name, ms) in Stages)
            {
                table.AddRow($"  {Markup.Escape(name)}", $"{ms:F3} ms");
            }

            table.AddRow("CPU in Record, wall (median / max)", $"{CpuUs:F1} / {CpuUsMax:F1} us");
            if (ThreadCpuUs is { } threadUs)
            {
                table.AddRow("CPU in Record, thread time (median)", $"{threadUs:F1} us");
            }

            table.AddRow("GC allocations in Record", $"{GcBytesPerFrame:F0} bytes");
            table.AddRow("tiles with holes (run the model)", $"{_s.ActiveTiles} of {_plan.Grid.Count}");
            table.AddRow($"context / masked patches (radius {_contextRadius}, {_config.Decoder} decoder)", $"{_plan.ContextPatches} / {_plan.MaskedPatches}");
            table.AddRow("model GFLOP (planned rows)", $"{_gflop:F3}");
            table.AddRow("GFLOP dispatched (rows rounded per pass)", $"{_gflopDispatched:F3}");
            table.AddRow($"activation traffic, compulsory ({(_halfActivations ? "fp16" : "fp32")} transient tensors)", $"{_activationMB:F1} MB");
            console.Write(table);
        }
    }
}
