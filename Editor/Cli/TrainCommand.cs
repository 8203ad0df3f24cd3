using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using MaeRealtime.Editor.Imaging;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Training.Data;
using MaeRealtime.Training.Import;
using MaeRealtime.Training.Trainer;
using TorchSharp;

namespace MaeRealtime.Editor.Cli;

/// <summary>
/// <c>mae train</c>: MAE pretraining or the inpainting fine-tune on a folder of images, with checkpoints, resume,
/// a progress display and a CSV log. Ctrl-C or SIGTERM saves a checkpoint and exits cleanly (a second Ctrl-C kills).
/// See docs/TRAINING.md.
/// </summary>
public sealed class TrainCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var data = new Option<string?>("--data") { Description = "Folder of training images (PNG/JPEG, recursive); default when resuming: the checkpoint's." };
        var output = new Option<string?>("--out") { Description = "Run folder (checkpoint, train_log.csv, split.json); default when resuming: the checkpoint's folder." };
        var preset = new Option<string?>("--config") { Description = $"Architecture preset: {string.Join(", ", MaeConfigPresets.All.Keys)} (default small); the options below override fields." };
        var imageSize = new Option<int?>("--image-size") { Description = "Input edge in pixels." };
        var patch = new Option<int?>("--patch") { Description = "Patch edge in pixels." };
        var dim = new Option<int?>("--dim") { Description = "Encoder width." };
        var depth = new Option<int?>("--depth") { Description = "Encoder blocks." };
        var heads = new Option<int?>("--heads") { Description = "Encoder attention heads." };
        var decoderDim = new Option<int?>("--decoder-dim") { Description = "Decoder width." };
        var decoderDepth = new Option<int?>("--decoder-depth") { Description = "Decoder blocks." };
        var decoderHeads = new Option<int?>("--decoder-heads") { Description = "Decoder attention heads." };
        var normPix = new Option<bool>("--norm-pix-loss") { Description = "Per-patch normalized targets (pretraining only; such a model cannot fill holes directly)." };
        var mode = new Option<string?>("--mode") { Description = "pretrain (random 75% patch masking, default) or inpaint (hole masks, raw-pixel targets)." };
        var masks = new Option<string?>("--masks") { Description = "Inpaint hole families, comma-separated (default all: thin, medium, thick, box, object, disocclusion)." };
        var batch = new Option<int?>("--batch") { Description = "Images per micro-batch (default 32)." };
        var accum = new Option<int?>("--accum") { Description = "Micro-batches per optimizer step (default 1)." };
        var steps = new Option<long?>("--steps") { Description = "Optimizer steps of the run (default 1000)." };
        var warmup = new Option<long?>("--warmup-steps") { Description = "Linear warmup steps (default 5% of --steps)." };
        var baseLr = new Option<double?>("--base-lr") { Description = "Base learning rate; peak = base x batch x accum / 256 (default 1.5e-4)." };
        var minLr = new Option<double?>("--min-lr") { Description = "Where the half cosine ends (default 0)." };
        var weightDecay = new Option<double?>("--weight-decay") { Description = "AdamW weight decay on matrices (default 0.05)." };
        var maskRatio = new Option<double?>("--mask-ratio") { Description = "Pretraining mask ratio (default 0.75)." };
        var seed = new Option<long?>("--seed") { Description = "Run seed: init, data order, crops, masks (default 0)." };
        var saveEvery = new Option<long?>("--save-every") { Description = "Checkpoint every N steps (default 500; also at the end and on Ctrl-C)." };
        var logEvery = new Option<long?>("--log-every") { Description = "Progress report every N steps (default 10)." };
        var valFraction = new Option<double?>("--val-fraction") { Description = "Fraction of source images held out, by a stable hash of their path (default 0.1)." };
        var maxShortSide = new Option<int?>("--max-short-side") { Description = "Decoded images are downscaled to this short side (default 512)." };
        var maskPolicy = new Option<string?>("--mask-policy") { Description = "Which patches a hole removes from the encoder input: any-hole (default: every patch holding a hole pixel) or mostly-hole (only patches more than half hole; the rest stay visible with hole pixels blanked). Stored in the weight file." };
        var decoder = new Option<string?>("--decoder") { Description = "Decoder kind: full (default: the reference decoder on every token) or masked-queries (only the masked patches are decoded, attending to the encoder's tokens). Stored in the weight file; --init from a full model is allowed." };
        var contextRadius = new Option<int?>("--context-radius") { Description = "Patches the encoder sees: 0 (default) = every visible patch, R > 0 = the visible patches within R patches (Chebyshev) of a masked one; needs --decoder masked-queries. Stored in the weight file." };
        var contextRadii = new Option<string?>("--context-radii") { Description = "Radii each training image draws from uniformly, e.g. 1,2,3 (default: --context-radius)." };
        var cropZoom = new Option<string?>("--crop-zoom") { Description = "Square crops at MIN,MAX source pixels per model pixel (1 = native scale, as frames are filled) instead of the reference's random-resized crop." };
        var device = new Option<string?>("--device") { Description = "cpu (default) or cuda[:N] (needs a build with -p:MaeTorchBackend=cuda)." };
        var resume = new Option<string?>("--resume") { Description = "Continue a run: its checkpoint file or run folder." };
        var init = new Option<string?>("--init") { Description = "Start from these weights (a training checkpoint or a reference PyTorch checkpoint), fresh optimizer." };
        var threads = new Option<int?>("--threads") { Description = "Torch CPU threads (default: all cores)." };
        var plain = new Option<bool>("--plain") { Description = "Plain progress lines even on a terminal." };
        var command = new Command("train", "Train an MAE (pretraining or inpainting fine-tune) on a folder of images.")
        {
            data, output, preset, imageSize, patch, dim, depth, heads, decoderDim, decoderDepth, decoderHeads, normPix, mode, masks, batch, accum,
            steps, warmup, baseLr, minLr, weightDecay, maskRatio, seed, saveEvery, logEvery, valFraction, maxShortSide, cropZoom, maskPolicy, decoder, contextRadius, contextRadii, device, resume, init, threads, plain,
        };
        command.SetAction(parseResult => Run(
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            new TrainArguments
            {
                Data = parseResult.GetValue(data),
                Out = parseResult.GetValue(output),
                Preset = parseResult.GetValue(preset),
                ImageSize = parseResult.GetValue(imageSize),
                Patch = parseResult.GetValue(patch),
                Dim = parseResult.GetValue(dim),
                Depth = parseResult.GetValue(depth),
                Heads = parseResult.GetValue(heads),
                DecoderDim = parseResult.GetValue(decoderDim),
                DecoderDepth = parseResult.GetValue(decoderDepth),
                DecoderHeads = parseResult.GetValue(decoderHeads),
                NormPixLoss = parseResult.GetValue(normPix),
                Mode = ParseMode(parseResult.GetValue(mode)),
                Masks = parseResult.GetValue(masks),
                Batch = parseResult.GetValue(batch),
                Accum = parseResult.GetValue(accum),
                Steps = parseResult.GetValue(steps),
                WarmupSteps = parseResult.GetValue(warmup),
                BaseLr = parseResult.GetValue(baseLr),
                MinLr = parseResult.GetValue(minLr),
                WeightDecay = parseResult.GetValue(weightDecay),
                MaskRatio = parseResult.GetValue(maskRatio),
                Seed = parseResult.GetValue(seed),
                SaveEvery = parseResult.GetValue(saveEvery),
                LogEvery = parseResult.GetValue(logEvery),
                ValFraction = parseResult.GetValue(valFraction),
                MaxShortSide = parseResult.GetValue(maxShortSide),
                CropZoom = ParseCropZoom(parseResult.GetValue(cropZoom)),
                MaskPolicy = ParseMaskPolicy(parseResult.GetValue(maskPolicy)),
                Decoder = ParseDecoder(parseResult.GetValue(decoder)),
                ContextRadius = parseResult.GetValue(contextRadius),
                ContextRadii = parseResult.GetValue(contextRadii),
                Device = parseResult.GetValue(device),
                Resume = parseResult.GetValue(resume),
                Init = parseResult.GetValue(init),
                Threads = parseResult.GetValue(threads),
                Plain = parseResult.GetValue(plain),
            }));
        return command;
    }

    private static ZoomCrop? ParseCropZoom(string? value)
    {
        try
        {
            return value is null ? null : ZoomCrop.Parse(value);
        }
        catch (ArgumentException ex)
        {
            throw new CliException($"--crop-zoom: {ex.Message}", ex);
        }
    }

    private static MaskPolicy? ParseMaskPolicy(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "any-hole" => MaskPolicy.AnyHolePixel,
        "mostly-hole" => MaskPolicy.MostlyHole,
        _ => throw new CliException($"--mask-policy {value}: expected any-hole or mostly-hole."),
    };

    private static DecoderKind? ParseDecoder(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "full" => DecoderKind.Full,
        "masked-queries" => DecoderKind.MaskedQueries,
        _ => throw new CliException($"--decoder {value}: expected full or masked-queries."),
    };

    private static TrainMode? ParseMode(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "pretrain" => TrainMode.Pretrain,
        "inpaint" => TrainMode.Inpaint,
        _ => throw new CliException($"--mode {value}: expected pretrain or inpaint."),
    };

    private static int Run(TextWriter stdout, TextWriter stderr, TrainArguments a)
    {
        try
        {
            return Train(stdout, stderr, a);
        }
        catch (Exception ex) when (ex is TrainingException or DatasetException or CheckpointException)
        {
            // All three carry a complete sentence for the user (what is wrong, with the path or step).
            throw new CliException(ex.Message, ex);
        }
    }

    private static int Train(TextWriter stdout, TextWriter stderr, TrainArguments a)
    {
        if (a.Resume is not null && a.Init is not null)
        {
            throw new CliException("--resume and --init cannot be combined: --resume continues a run (weights, optimizer, step), --init starts a new run from weights.");
        }

        string? resumePath = a.Resume is null ? null : TrainingCheckpoint.ResolvePath(a.Resume);
        var resumed = resumePath is null ? null : CheckpointFile.Read(resumePath);
        var config = a.Config(resumed?.Config);
        var options = a.Options(resumed?.Options);
        if (resumed is not null)
        {
            CheckResumable(resumePath!, resumed, config, options, stdout);
            if (resumed.Step >= options.Steps)
            {
                stdout.WriteLine($"Checkpoint '{resumePath}' is at step {resumed.Step} of {options.Steps}: nothing to train. Pass a larger --steps to continue.");
                return 0;
            }
        }

        string dataFolder = a.Data ?? (string.IsNullOrEmpty(resumed?.Options.DataFolder) ? throw new CliException("--data is required: the folder of training images.") : resumed.Options.DataFolder);
        string runFolder = Path.GetFullPath(a.Out ?? (resumePath is not null ? Path.GetDirectoryName(Path.GetFullPath(resumePath))! : throw new CliException("--out is required: the run folder for checkpoints and logs.")));
        int threads = a.Threads ?? Environment.ProcessorCount;
        if (threads < 1)
        {
            throw new CliException($"--threads {threads}: expected >= 1.");
        }

        torch.set_num_threads(threads);
        var device = TrainingDevice.Resolve(options.Device);

        var split = DatasetSplit.Create(dataFolder, options.ValidationFraction);
        Directory.CreateDirectory(runFolder);
        string splitPath = Path.Combine(runFolder, "split.json");
        split.Save(splitPath);
        var dataset = ImageDataset.Load(split.Train, dataFolder, options.MaxShortSide, ImageFormats.Configuration, line => stderr.WriteLine(line));
        stdout.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"data: {split.TrainRelative.Count + split.ValidationRelative.Count} image(s) in {dataFolder}; {split.ValidationRelative.Count} held out (--val-fraction {options.ValidationFraction}, listed in {splitPath}); decoded {dataset.Images.Count} for training ({dataset.PixelBytes / 1048576.0:F0} MB), skipped {dataset.Skipped.Count} unreadable."));

        using var session = resumed is not null
            ? TrainingSession.Resume(resumed, options, dataset, device)
            : TrainingSession.Start(config, options, dataset, device, a.Init);
        long parameters = session.Model.parameters().Sum(p => p.numel());
        stdout.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"model: {config.ImageSize} px, patch {config.PatchSize}, encoder {config.EmbedDim} x {config.Depth} ({config.NumHeads} heads), decoder {config.DecoderEmbedDim} x {config.DecoderDepth} ({config.DecoderNumHeads} heads), target {config.Target}, decoder kind {config.Decoder}, context radius {config.ContextRadius}{(options.ContextRadii.Length > 0 ? $" (training draws {options.ContextRadii})" : string.Empty)}, {parameters / 1e6:F2}M parameters"));
        stdout.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{options.Mode.ToString().ToLowerInvariant()} on {device.type.ToString().ToLowerInvariant()} with {threads} thread(s): batch {options.BatchSize} x accum {options.Accumulation}, steps {session.Step + 1}..{options.Steps}, peak lr {options.PeakLearningRate:0.###e+0} (base {options.BaseLearningRate:0.###e+0} x {options.EffectiveBatchSize}/256), warmup {options.WarmupSteps}, weight decay {options.WeightDecay}, seed {options.Seed}; run folder {runFolder}"));

        var result = RunWithSignals(session, runFolder, stdout, a.Plain);
        string run = string.Create(CultureInfo.InvariantCulture, $"{result.SamplesPerSecond:F1} samples/s over {TrainingText.Duration(result.Elapsed)}, waited for data {result.DataWaitFraction * 100:F1}% of the time");
        if (result.Interrupted)
        {
            stdout.WriteLine($"Interrupted at step {result.Step}/{options.Steps} ({run}); saved {result.CheckpointPath}. Continue with: mae train --resume {runFolder}");
        }
        else
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Finished step {result.Step}/{options.Steps}, last step loss {result.LastLoss:F4} ({run}); saved {result.CheckpointPath}. Export with: mae export --checkpoint {runFolder} --out model.maew"));
        }

        return 0;
    }

    private static void CheckResumable(string path, TrainingCheckpoint resumed, MaeConfig config, TrainOptions options, TextWriter stdout)
    {
        var configDifferences = TrainingCheckpoint.ConfigDifferences(resumed.Config, config);
        if (configDifferences.Count > 0)
        {
            throw new CliException($"Checkpoint '{path}' was trained with another model config: {string.Join("; ", configDifferences)}. Omit the architecture options to continue it as saved.");
        }

        var optionDifferences = TrainOptions.ResumeInvariantDifferences(resumed.Options, options);
        if (optionDifferences.Count > 0)
        {
            throw new CliException($"Checkpoint '{path}' was trained with other options: {string.Join("; ", optionDifferences)}. Omit them to continue the run exactly.");
        }

        if (resumed.Options.Steps != options.Steps)
        {
            stdout.WriteLine($"note: --steps changed from {resumed.Options.Steps} to {options.Steps}: the half cosine now ends at step {options.Steps}.");
        }
    }

    private static TrainingRunResult RunWithSignals(TrainingSession session, string runFolder, TextWriter stdout, bool plain)
    {
        using var cancel = new CancellationTokenSource();
        void OnCancelKey(object? sender, ConsoleCancelEventArgs e)
        {
            // The first Ctrl-C asks the loop to save and stop after the current step; a second one kills.
            if (!cancel.IsCancellationRequested)
            {
                e.Cancel = true;
                cancel.Cancel();
            }
        }

        Console.CancelKeyPress += OnCancelKey;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancel.Cancel();
        });
        try
        {
            bool live = !plain && ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
            return live
                ? LiveTrainingObserver.Run(session.Step, session.Options.Steps, observer => new TrainingLoop(session, runFolder, observer).Run(cancel.Token))
                : new TrainingLoop(session, runFolder, new PlainTrainingObserver(stdout)).Run(cancel.Token);
        }
        finally
        {
            Console.CancelKeyPress -= OnCancelKey;
        }
    }
}
