using System.CommandLine;
using System.Diagnostics;
using MaeRealtime.Editor.Eval;
using MaeRealtime.Editor.Frames;
using MaeRealtime.Editor.Models;
using MaeRealtime.Editor.Sequences;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;
using MaeRealtime.Training.Eval;

namespace MaeRealtime.Editor.Cli;

/// <summary>
/// <c>mae eval</c>: scores the model, run through the Vulkan runtime, against classic baselines on a
/// folder of images with generated hole masks, in one run on the same crops and masks. Each image gives
/// one square crop (centred, or placed by the seed); each (image, mask family, index) gives one mask
/// from a seed of its own, so results repeat exactly and do not shift when images or families are added.
/// The model runs through the product's frame pass (overlapping tiles, blended; only tiles holding holes
/// run), so crops may have any size. Reports hole-only PSNR and SSIM per mask family and per
/// hole-ratio bin as a table, as JSON (<c>--json</c>) and optionally as charts and sample grids.
/// With <c>--sequence</c> it scores moving sequences instead (<see cref="SequenceEval"/>, docs/SEQUENCES.md): hole
/// PSNR and flicker of the model without and with its history, and of per-frame baselines.
/// </summary>
public sealed class EvalCommand : ICliCommand
{
    /// <summary>Mask families evaluated when <c>--masks</c> is not given.</summary>
    public const string DefaultMasks = "thin,medium,thick,box";

    /// <summary>Baselines evaluated when <c>--baselines</c> is not given.</summary>
    public const string DefaultBaselines = "telea,ns,pushpull,mean";

    private readonly Func<GpuContextOptions, GpuContext> _openContext;
    private readonly bool _disposeContext;

    /// <summary>The command as <c>mae</c> runs it: it creates (and disposes) its own Vulkan device.</summary>
    public EvalCommand()
        : this(GpuContext.Create, disposeContext: true)
    {
    }

    /// <summary>
    /// Test seam: <paramref name="openContext"/> supplies the device (e.g. a shared one with validation on, whose
    /// error count the test checks afterwards); the command disposes it only when <paramref name="disposeContext"/>.
    /// </summary>
    internal EvalCommand(Func<GpuContextOptions, GpuContext> openContext, bool disposeContext)
    {
        _openContext = openContext;
        _disposeContext = disposeContext;
    }

    /// <inheritdoc />
    public Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Weight file (.maew); default: the bundled default model." };
        // Not Required: --sequence folder:DIR alone needs no photos; Run says when it is missing.
        var images = new Option<string?>("--images") { Description = "Folder of PNG/JPEG images (searched recursively); use held-out images. Required except for --sequence folder:DIR alone." };
        var masks = new Option<string>("--masks") { Description = $"Mask families, comma-separated (valid: {string.Join(", ", EvalMaskCatalog.Names)}).", DefaultValueFactory = _ => DefaultMasks };
        var baselines = new Option<string>("--baselines") { Description = $"Baselines, comma-separated, or 'none' (valid: {string.Join(", ", InpaintBaselines.Names)}).", DefaultValueFactory = _ => DefaultBaselines };
        var crop = new Option<int>("--crop", "--size") { Description = "Crop side in pixels (any size: the frame pass covers it with overlapping tiles); with --sequence, the frame side of the synthetic sequences.", DefaultValueFactory = _ => 256 };
        var overlap = new Option<int?>("--overlap") { Description = FrameSetup.OverlapHelp };
        var contextRadius = new Option<int?>("--context-radius") { Description = FrameSetup.ContextRadiusHelp };
        var randomCrop = new Option<bool>("--random-crop") { Description = "Place each image's crop by the seed instead of centring it." };
        var perImage = new Option<int>("--per-image") { Description = "Masks per family and image.", DefaultValueFactory = _ => 1 };
        var maxImages = new Option<int?>("--max-images") { Description = $"Use only the first N images (in path order); with --sequence default {SequenceEval.DefaultPhotos}." };
        var sequence = new Option<string?>("--sequence") { Description = $"Score moving sequences instead of single crops: comma-separated {SequenceSpec.Valid} (docs/SEQUENCES.md); baselines default to {SequenceEval.DefaultBaselines}." };
        var frames = new Option<int>("--frames") { Description = "With --sequence: frames per synthetic (static, pan, layered) sequence.", DefaultValueFactory = _ => SequenceEval.DefaultFrames };
        var seed = new Option<int>("--seed") { Description = "Seed of the masks (and of --random-crop).", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print JSON: {\"results\":[{method,family,psnr,ssim,images}], \"bins\":[...], ...}." };
        var report = new Option<string?>("--report") { Description = "Folder for charts, sample grids, results.json and report.md (written atomically)." };
        var device = new Option<string?>("--device") { Description = "Vulkan device name substring or index (default: MAE_DEVICE, else the best device)." };
        var validation = new Option<bool>("--validation") { Description = "Enable the Khronos validation layer (also MAE_VALIDATION=1)." };
        var command = new Command("eval", "Score the model (on Vulkan) and classic baselines by hole-only PSNR and SSIM on generated masks.")
        {
            model, images, masks, baselines, crop, overlap, contextRadius, randomCrop, perImage, maxImages, seed, json, report, device, validation, sequence, frames,
        };
        command.SetAction(r => Run(
            r.InvocationConfiguration.Output,
            r.InvocationConfiguration.Error,
            new EvalOptions(
                r.GetValue(model), r.GetValue(images), r.GetRequiredValue(masks), r.GetRequiredValue(baselines), r.GetValue(crop), r.GetValue(overlap),
                r.GetValue(randomCrop), r.GetValue(perImage), r.GetValue(maxImages), r.GetValue(seed), r.GetValue(json), r.GetValue(report),
                r.GetValue(device), r.GetValue(validation), r.GetValue(contextRadius), r.GetValue(sequence), r.GetValue(frames),
                BaselinesGiven: r.GetResult(baselines) is { Implicit: false })));
        return command;
    }

    internal int Run(TextWriter stdout, TextWriter stderr, EvalOptions o)
    {
        if (o.Crop < 1 || o.PerImage < 1 || o.MaxImages is < 1)
        {
            throw new CliException($"Need --crop >= 1, --per-image >= 1 and --max-images >= 1 (found {o.Crop}, {o.PerImage}, {o.MaxImages?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}).");
        }

        if (o.Sequence is not null)
        {
            return RunSequences(stdout, stderr, o);
        }

        if (o.Images is null)
        {
            throw new CliException("Option '--images' is required: a folder of held-out PNG/JPEG images.");
        }

        var families = EvalMaskCatalog.Resolve(Names(o.Masks, "--masks"));
        var baselineNames = BaselineNames(o.Baselines);

        var weightsFile = WeightFile.Load(ModelLocator.Resolve(o.Model));
        int tile = weightsFile.Config.ImageSize;
        FrameSetup.CheckOverlap(o.Overlap, weightsFile.Config);
        FrameSetup.CheckContextRadius(o.ContextRadius, weightsFile.Config);

        var folder = new EvalImageFolder(o.Images, o.Crop, o.RandomCrop, o.Seed, o.MaxImages, stderr);
        var methods = new List<IInpaintBaseline>();
        GpuContext context = _openContext(new GpuContextOptions { Device = o.Device, Validation = o.Validation ? true : null });
        try
        {
            using var model = CreateModelFill(context, weightsFile, o.Crop, o.Overlap, o.ContextRadius);
            methods.Add(model);
            methods.AddRange(baselineNames.Select(InpaintBaselines.Create));
            var runner = new EvalRunner(methods, families, o.PerImage, o.Seed);
            var reportWriter = o.Report is null ? null : new EvalReportWriter(o.Report);
            double gpuMs = 0;
            int crops = 0;
            var results = runner.Run(WithProgress(folder.Crops(), folder.Files.Count, stderr), sample =>
            {
                // The model is the first method, so its timer holds this sample's pass.
                gpuMs += model.LastGpuMilliseconds;
                crops++;
                reportWriter?.Observe(sample);
            });

            int validationErrors = context.ValidationErrorCount;
            if (validationErrors > 0)
            {
                throw new CliException($"The Vulkan validation layer reported {validationErrors} error(s); results discarded.");
            }

            if (results.Samples == 0)
            {
                throw new CliException(results.Images == 0
                    ? $"None of the {folder.Files.Count} image(s) under '{o.Images}' could be used ({folder.Unreadable} unreadable, {folder.TooSmall} smaller than the {o.Crop}x{o.Crop} crop)."
                    : "Every generated mask was empty; nothing was scored.");
            }

            var info = new EvalRunInfo(
                weightsFile.Path, context.DeviceName, o.Images, o.Crop, o.RandomCrop, tile, model.TilesPerCrop, model.Overlap, o.PerImage, o.Seed,
                folder.Unreadable + folder.TooSmall, crops == 0 ? 0 : gpuMs / crops, model.ContextRadius, model.Kernels);
            if (o.Json)
            {
                stdout.WriteLine(EvalJson.Serialize(results, info));
            }
            else
            {
                EvalTable.Write(stdout, results, info);
            }

            if (reportWriter is not null)
            {
                var files = reportWriter.Write(results, info);
                stderr.WriteLine($"mae eval: wrote {files.Count} report files to {reportWriter.Directory}");
            }

            return 0;
        }
        finally
        {
            if (_disposeContext)
            {
                context.Dispose();
            }
        }
    }

    /// <summary><c>--sequence</c>: the sequence eval on the command's device (<see cref="SequenceEval"/>).</summary>
    private int RunSequences(TextWriter stdout, TextWriter stderr, EvalOptions o)
    {
        var spec = SequenceSpec.Parse(o.Sequence!);
        var baselineNames = BaselineNames(o.BaselinesGiven ? o.Baselines : SequenceEval.DefaultBaselines);
        if (spec.NeedsPhotos && o.Images is null)
        {
            throw new CliException("--sequence static, pan and layered need --images: a folder of held-out photos to cut the sequences from.");
        }

        // The device opens only once the sequences are checked, so a bad folder fails fast.
        GpuContext? context = null;
        try
        {
            return SequenceEval.Run(stdout, stderr, o, spec, baselineNames, () => context = _openContext(new GpuContextOptions { Device = o.Device, Validation = o.Validation ? true : null }));
        }
        finally
        {
            if (_disposeContext)
            {
                context?.Dispose();
            }
        }
    }

    /// <summary>The baselines of <c>--baselines</c> ('none': no baseline); an unknown one is a user error listing the valid names.</summary>
    private static List<string> BaselineNames(string list)
    {
        var names = list.Trim().Equals("none", StringComparison.OrdinalIgnoreCase) ? [] : Names(list, "--baselines");
        var unknown = names.Where(n => !InpaintBaselines.Names.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            throw new CliException($"Unknown baseline(s) {string.Join(", ", unknown.Select(n => $"'{n}'"))} in --baselines; valid: {string.Join(", ", InpaintBaselines.Names)} (or 'none').");
        }

        return names;
    }

    /// <summary>The model's fill for one crop per batch; a crop whose tiles do not fit the device's buffers is a user error.</summary>
    private static MaeFrameFill CreateModelFill(GpuContext context, WeightFile weightsFile, int crop, int? overlap, int? contextRadius)
    {
        try
        {
            return new MaeFrameFill(context, weightsFile, crop, overlap, contextRadius);
        }
        catch (ArgumentException ex)
        {
            throw new CliException($"--crop {crop}: {ex.Message} Use a smaller --crop.", ex);
        }
    }

    /// <summary>
    /// Reports progress on stderr while passing the crops through: at most one line every few seconds
    /// (a model pass on a CPU Vulkan driver can take many seconds per crop), and one at the end.
    /// </summary>
    private static IEnumerable<EvalImage> WithProgress(IEnumerable<EvalImage> crops, int total, TextWriter stderr)
    {
        long start = Stopwatch.GetTimestamp(), last = start;
        int n = 0, reported = 0;
        foreach (var crop in crops)
        {
            yield return crop;
            n++;
            if (Stopwatch.GetElapsedTime(last).TotalSeconds >= 5)
            {
                last = Stopwatch.GetTimestamp();
                reported = n;
                stderr.WriteLine($"mae eval: {n}/{total} images ({Stopwatch.GetElapsedTime(start).TotalSeconds:F0} s)");
            }
        }

        if (reported != n)
        {
            stderr.WriteLine($"mae eval: {n}/{total} images ({Stopwatch.GetElapsedTime(start).TotalSeconds:F0} s)");
        }
    }

    private static List<string> Names(string list, string option)
    {
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.ToLowerInvariant()).Distinct().ToList();
        return names.Count > 0 ? names : throw new CliException($"{option} is empty.");
    }
}
