using System.Diagnostics;
using MaeRealtime.Editor.Cli;
using MaeRealtime.Editor.Eval;
using MaeRealtime.Editor.Frames;
using MaeRealtime.Editor.Imaging;
using MaeRealtime.Editor.Models;
using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;
using MaeRealtime.Training.Eval;

namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// <c>mae eval --sequence</c> (docs/SEQUENCES.md): fills moving sequences frame by frame with the model without
/// history, with history, and where a sequence has depth also with depth alone and with history and depth, and with per-frame baselines
/// (Telea and Navier-Stokes by default), then reports hole PSNR and flicker per sequence kind and method.
/// </summary>
internal static class SequenceEval
{
    /// <summary>Photos used when <c>--max-images</c> is not given: three photos x 48 frames at 256 px stay affordable on a CPU Vulkan driver.</summary>
    public const int DefaultPhotos = 3;

    /// <summary>Frames per synthetic sequence when <c>--frames</c> is not given (the issue's reference protocol is 144).</summary>
    public const int DefaultFrames = 48;

    /// <summary>Baselines when <c>--baselines</c> is not given.</summary>
    public const string DefaultBaselines = "telea,ns";

    /// <summary>
    /// Runs the eval on the device <paramref name="openContext"/> opens once the sequences are checked (the caller owns and
    /// disposes it); <paramref name="baselineNames"/> are already checked.
    /// </summary>
    public static int Run(TextWriter stdout, TextWriter stderr, EvalOptions o, SequenceSpec spec, IReadOnlyList<string> baselineNames, Func<GpuContext> openContext)
    {
        if (o.Frames is < 2 or > SequenceManifest.MaxFrames)
        {
            throw new CliException($"--frames {o.Frames}: expected 2 to {SequenceManifest.MaxFrames} (flicker needs two frames at least).");
        }

        if (o.Report is not null || o.RandomCrop)
        {
            throw new CliException($"{(o.Report is not null ? "--report" : "--random-crop")} belongs to the image eval; --sequence prints a table or --json (docs/SEQUENCES.md).");
        }

        var weightsFile = WeightFile.Load(ModelLocator.Resolve(o.Model));
        FrameSetup.CheckOverlap(o.Overlap, weightsFile.Config);
        FrameSetup.CheckContextRadius(o.ContextRadius, weightsFile.Config);

        // Folders first: a bad folder fails before photos are decoded or the device is touched.
        var folders = spec.Folders.Select(d => new FolderSequence(d)).ToList();
        var (photos, skipped) = spec.NeedsPhotos ? LoadPhotos(o, stderr) : ([], 0);
        var sources = new List<ISequenceSource>();
        if (spec.Static)
        {
            sources.AddRange(photos.Select(p => new StaticSequence(p, o.Crop, o.Crop, o.Frames, o.Seed)));
        }

        if (spec.Pan)
        {
            sources.AddRange(photos.Select(p => new PanSequence(p, o.Crop, o.Crop, o.Frames, o.Seed)));
        }

        if (spec.Layered)
        {
            sources.AddRange(photos.Select(p => new LayeredSequence(p, o.Crop, o.Crop, o.Frames, o.Seed)));
        }

        sources.AddRange(folders);
        if (sources.Count == 0)
        {
            throw new CliException($"No sequence to run: every photo under '{o.Images}' was unreadable.");
        }

        int maxWidth = sources.Max(s => s.Width), maxHeight = sources.Max(s => s.Height);
        var context = openContext();
        FrameSetup.CheckDeviceLimit(context, maxWidth, maxHeight, "The largest sequence frame");
        var options = FrameSetup.Options(maxWidth, maxHeight, o.Overlap, 0, weightsFile.Config, o.ContextRadius);
        using var weights = new GpuWeights(context, weightsFile);
        var inpainters = new List<ImageInpainter>();
        try
        {
            var methods = new List<ISequenceMethod>();
            // One inpainter without history serves both per-frame modes (it keeps no state); each history mode has its own.
            ImageInpainter? perFrame = null;
            foreach (var mode in new[] { SequenceHistoryMode.None, SequenceHistoryMode.Depth, SequenceHistoryMode.History, SequenceHistoryMode.HistoryAndDepth })
            {
                if (MaeSequenceMethod.UsesDepth(mode) && !sources.Any(s => s.HasDepth))
                {
                    continue;
                }

                bool history = MaeSequenceMethod.UsesHistory(mode);
                var inpainter = !history && perFrame is not null ? perFrame : FrameSetup.CreateImageInpainter(context, weights, options with { History = history });
                if (!history && perFrame is null)
                {
                    perFrame = inpainter;
                }

                if (!inpainters.Contains(inpainter))
                {
                    inpainters.Add(inpainter);
                }

                methods.Add(new MaeSequenceMethod(inpainter, mode));
            }

            methods.AddRange(baselineNames.Select(n => new BaselineSequenceMethod(InpaintBaselines.Create(n))));
            long start = Stopwatch.GetTimestamp();
            int done = 0;
            var runner = new SequenceEvalRunner(methods, inpainters[0].Frames.GridFor);
            var rows = runner.Run(sources, source =>
            {
                done++;
                stderr.WriteLine($"mae eval: {done}/{sources.Count} sequences ({source.Kind} {source.Name}, {source.FrameCount} frames; {Stopwatch.GetElapsedTime(start).TotalSeconds:F0} s)");
            });

            if (context.ValidationErrorCount > 0)
            {
                throw new CliException($"The Vulkan validation layer reported {context.ValidationErrorCount} error(s); results discarded.");
            }

            var frames = inpainters[0].Frames;
            var info = new SequenceEvalInfo(
                weightsFile.Path, context.DeviceName, spec.NeedsPhotos ? o.Images : null, o.Crop, o.Frames, photos.Count, skipped, o.Seed,
                weightsFile.Config.ImageSize, frames.Overlap, frames.ContextRadius, options.HistoryFrames,
                sources.Select(s => (s.Kind, s.Name, s.Width, s.Height, s.FrameCount)).ToList());
            if (o.Json)
            {
                stdout.WriteLine(SequenceEvalJson.Serialize(rows, info, runner.Reuse));
            }
            else
            {
                SequenceEvalTable.Write(stdout, rows, info, runner.Reuse);
            }

            return 0;
        }
        finally
        {
            foreach (var inpainter in inpainters)
            {
                inpainter.Dispose();
            }
        }
    }

    /// <summary>The first photos under <c>--images</c> (in path order), scaled for the frame size; unreadable ones are skipped with a warning.</summary>
    private static (List<SequencePhoto> Photos, int Skipped) LoadPhotos(EvalOptions o, TextWriter stderr)
    {
        if (o.Images is null)
        {
            throw new CliException("--sequence static, pan and layered need --images: a folder of held-out photos to cut the sequences from.");
        }

        var folder = new EvalImageFolder(o.Images, o.Crop, false, o.Seed, o.MaxImages ?? DefaultPhotos, stderr);
        var photos = new List<SequencePhoto>();
        int skipped = 0;
        foreach (string id in folder.Files)
        {
            try
            {
                photos.Add(SequencePhoto.Load(Path.Combine(folder.Folder, id), id, o.Crop, o.Crop));
            }
            catch (ImageFileException ex)
            {
                skipped++;
                stderr.WriteLine($"mae eval: warning: skipped {ex.Message}");
            }
        }

        return (photos, skipped);
    }
}
