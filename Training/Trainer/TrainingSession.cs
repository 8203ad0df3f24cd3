using MaeRealtime.Runtime.Model;
using MaeRealtime.Training.Data;
using MaeRealtime.Training.Import;
using MaeRealtime.Training.Masks;
using MaeRealtime.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Trainer;

/// <summary>
/// The state of one run on one device: model, AdamW, the masking generator, the data pipeline and the step count.
/// <see cref="RunStep"/> performs one optimizer step (with gradient accumulation); <see cref="Capture"/> and
/// <see cref="Resume"/> move that state through a checkpoint without changing what the next step computes.
/// After a <see cref="NonFiniteLossException"/> the session must not be stepped again.
/// </summary>
public sealed class TrainingSession : IDisposable
{
    private readonly BatchSampler _sampler;
    private readonly Generator _maskGenerator;
    private readonly Scalar _lossScale; // 1 / accumulation, kept alive: see KeptScalars
    private readonly int[] _contextRadii; // masked-queries runs: the radii each image draws from
    private BatchPrefetcher? _prefetcher;

    private TrainingSession(MaeModel model, TrainOptions options, ImageDataset data, Device device)
    {
        Model = model;
        Options = options;
        Device = device;
        var (decay, noDecay) = WeightDecayGroups.Split(model.named_parameters(), p => p.dim(), p => p.requires_grad);
        Optimizer = new MaeAdamW(
            [new AdamWGroup("decay", decay, options.WeightDecay), new AdamWGroup("no_decay", noDecay, 0)],
            beta1: 0.9,
            beta2: 0.95,
            eps: 1e-8);
        _maskGenerator = new Generator((ulong)options.Seed, device);
        _lossScale = (1.0 / options.Accumulation).ToScalar();
        _contextRadii = TrainOptions.ParseContextRadii(options.ContextRadii, model.Config.ContextRadius);
        var holes = options.Mode == TrainMode.Inpaint ? new HoleMaskMix(HoleMaskGenerators.Parse(options.MaskFamilies)) : null;
        _sampler = new BatchSampler(data, options.BatchSize, model.Config.ImageSize, model.Config.Mean, model.Config.Std, options.Seed, holes, options.CropZoom);
    }

    /// <summary>The model being trained (on <see cref="Device"/>).</summary>
    public MaeModel Model { get; }

    /// <summary>The architecture.</summary>
    public MaeConfig Config => Model.Config;

    /// <summary>The run's options.</summary>
    public TrainOptions Options { get; }

    /// <summary>The training device.</summary>
    public Device Device { get; }

    /// <summary>The optimizer.</summary>
    public MaeAdamW Optimizer { get; }

    /// <summary>Optimizer steps completed.</summary>
    public long Step { get; private set; }

    /// <summary>Images seen so far.</summary>
    public long SamplesSeen { get; private set; }

    /// <summary>Training wall time of earlier sessions of this run (from the checkpoint resumed).</summary>
    public double PriorElapsedSeconds { get; private set; }

    /// <summary>Total time steps waited for data in this session.</summary>
    public TimeSpan TotalDataWait => _prefetcher?.TotalWait ?? TimeSpan.Zero;

    /// <summary>
    /// A fresh run: seeds torch, builds the model (reference init) on <paramref name="device"/>, optionally loads
    /// weights from <paramref name="initFrom"/> (a training checkpoint or a reference PyTorch checkpoint).
    /// </summary>
    /// <exception cref="TrainingException">Invalid options, or the init checkpoint does not fit the architecture.</exception>
    public static TrainingSession Start(MaeConfig config, TrainOptions options, ImageDataset data, Device device, string? initFrom = null)
    {
        CheckSetup(config, options);
        manual_seed(options.Seed).Dispose(); // seeds the default generator; the returned handle is not needed

        var model = new MaeModel(config);
        try
        {
            if (initFrom is not null)
            {
                LoadInitWeights(model, initFrom);
            }

            model.to(device);
            model.train();
            return new TrainingSession(model, options, data, device);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Continues the run saved in <paramref name="checkpoint"/> with <paramref name="options"/> (whose resume invariants must match).</summary>
    /// <exception cref="TrainingException">The options differ in a way that would change the computation, or the checkpoint is inconsistent.</exception>
    public static TrainingSession Resume(TrainingCheckpoint checkpoint, TrainOptions options, ImageDataset data, Device device)
    {
        var differences = TrainOptions.ResumeInvariantDifferences(checkpoint.Options, options);
        if (differences.Count > 0)
        {
            throw new TrainingException($"Cannot resume: the options differ from the checkpoint's ({string.Join("; ", differences)}).");
        }

        var session = Start(checkpoint.Config, options, data, device);
        try
        {
            session.Restore(checkpoint);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>One optimizer step: <see cref="TrainOptions.Accumulation"/> micro-batches forward and backward, then AdamW.</summary>
    /// <exception cref="NonFiniteLossException">A micro-batch's loss was NaN or infinite; no update was applied.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> fired while waiting for data; no update was applied.</exception>
    public StepResult RunStep(CancellationToken cancel = default)
    {
        _prefetcher ??= new BatchPrefetcher(_sampler, Step * Options.Accumulation);
        double lr = LearningRateSchedule.At(Step, Options.WarmupSteps, Options.Steps, Options.PeakLearningRate, Options.MinLearningRate);
        Optimizer.SetLearningRate(lr);
        Optimizer.ZeroGrad();

        double lossSum = 0, maskedSum = 0;
        var wait = TimeSpan.Zero;
        int n = Options.BatchSize, s = Config.ImageSize;
        for (int micro = 0; micro < Options.Accumulation; micro++)
        {
            var batch = _prefetcher.Take(cancel);
            wait += _prefetcher.LastWait;
            using var scope = NewDisposeScope();
            Tensor images, inputs, lossPatches;
            MaskSelection selection;
            if (Config.Decoder == DecoderKind.MaskedQueries)
            {
                double value, queried;
                try
                {
                    (value, queried) = QueriesMicroStep(batch, lr);
                }
                finally
                {
                    _prefetcher.Return(batch);
                }

                lossSum += value;
                maskedSum += queried;
                continue;
            }

            try
            {
                images = tensor(batch.Pixels, new long[] { n, 3, s, s }, ScalarType.Float32, Device);
                if (Options.Mode == TrainMode.Pretrain)
                {
                    selection = MaskSelection.Random(n, Config.NumPatches, Options.MaskRatio, Device, _maskGenerator);
                    inputs = images;
                    lossPatches = selection.Mask;
                }
                else
                {
                    selection = HolePatchSelection.Create(batch.Holes!, n, Config, Device, _maskGenerator);
                    inputs = HolePatchSelection.BlankHoles(images, batch.Holes!, Config);
                    lossPatches = HolePatchSelection.LossPatches(batch.Holes!, n, Config, selection.Mask);
                }
            }
            finally
            {
                _prefetcher.Return(batch); // tensor() copied the pixels
            }

            using (selection)
            {
                var (loss, _, _) = Model.Forward(inputs, images, selection, lossPatches);
                double value = loss.item<float>();
                if (!double.IsFinite(value))
                {
                    throw new NonFiniteLossException(Step + 1, value, lr);
                }

                (Options.Accumulation > 1 ? loss.mul(_lossScale) : loss).backward();
                lossSum += value;
                maskedSum += 1.0 - ((double)selection.KeptCount / Config.NumPatches);
            }
        }

        Optimizer.Step();
        Step++;
        SamplesSeen += Options.EffectiveBatchSize;
        return new StepResult(Step, lossSum / Options.Accumulation, lr, wait, maskedSum / Options.Accumulation);
    }

    /// <summary>
    /// One masked-queries micro-batch forward and backward: per image a radius drawn from the run's list (with the
    /// masking generator, so a resumed run draws the same), the <see cref="HoleQueryLists"/>, the padded batch.
    /// Returns the loss and the fraction of patches queried.
    /// </summary>
    private (double Loss, double Queried) QueriesMicroStep(TrainingBatch batch, double lr)
    {
        int n = Options.BatchSize, s = Config.ImageSize;
        var radii = new int[n];
        if (_contextRadii.Length == 1)
        {
            Array.Fill(radii, _contextRadii[0]);
        }
        else
        {
            using var draw = randint(_contextRadii.Length, new long[] { n }, ScalarType.Int64, Device, generator: _maskGenerator);
            using var onCpu = draw.cpu();
            long[] picks = onCpu.data<long>().ToArray();
            for (int i = 0; i < n; i++)
            {
                radii[i] = _contextRadii[picks[i]];
            }
        }

        var (context, query) = HoleQueryLists.Create(batch.Holes!, n, Config, radii);
        using var lists = PatchListBatch.Create(context, query, Config.NumPatches, Device);
        using var scope = NewDisposeScope();
        var images = tensor(batch.Pixels, new long[] { n, 3, s, s }, ScalarType.Float32, Device); // normalized targets
        var inputs = HolePatchSelection.BlankHoles(images, batch.Holes!, Config);
        var (loss, _) = Model.ForwardQueries(inputs, images, lists);
        double value = loss.item<float>();
        if (!double.IsFinite(value))
        {
            throw new NonFiniteLossException(Step + 1, value, lr);
        }

        (Options.Accumulation > 1 ? loss.mul(_lossScale) : loss).backward();
        return (value, (double)query.Sum(q => q.Length) / ((long)n * Config.NumPatches));
    }

    /// <summary>The session's state as a checkpoint (copied to managed memory).</summary>
    public TrainingCheckpoint Capture(double elapsedSeconds, double lastLoss)
    {
        using var defaultGenerator = Generator.Default; // held in a using so it outlives the native call
        using var torchState = defaultGenerator.get_state();
        using var maskState = _maskGenerator.get_state();
        return new TrainingCheckpoint
        {
            Config = Config,
            Options = Options,
            Step = Step,
            SamplesSeen = SamplesSeen,
            ElapsedSeconds = PriorElapsedSeconds + elapsedSeconds,
            LastLoss = lastLoss,
            Beta1 = Optimizer.Beta1,
            Beta2 = Optimizer.Beta2,
            Eps = Optimizer.Eps,
            OptimizerSteps = Optimizer.StepCounts(),
            Model = Model.state_dict().Select(kv => TensorBlob.From(kv.Key, kv.Value)).ToArray(),
            Optimizer = Optimizer.StateTensors().Select(t => TensorBlob.From(t.Key, t.Tensor)).ToArray(),
            Rng = [TensorBlob.From("torch", torchState), TensorBlob.From("mask", maskState)],
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _prefetcher?.Dispose();
        Optimizer.Dispose();
        _maskGenerator.Dispose();
        _lossScale.Dispose();
        Model.Dispose();
    }

    private void Restore(TrainingCheckpoint checkpoint)
    {
        var model = checkpoint.Model.ToDictionary(b => b.Name, b => b.ToTensor(), StringComparer.Ordinal);
        var optimizer = checkpoint.Optimizer.ToDictionary(b => b.Name, b => b.ToTensor(), StringComparer.Ordinal);
        try
        {
            ReferenceCheckpoint.LoadInto(Model, model, "checkpoint");
            Optimizer.LoadState(optimizer, checkpoint.OptimizerSteps);
            foreach (var rng in checkpoint.Rng)
            {
                using var state = rng.ToTensor();
                switch (rng.Name)
                {
                    case "torch":
                        using (var defaultGenerator = Generator.Default)
                        {
                            defaultGenerator.set_state(state);
                        }

                        break;
                    case "mask":
                        _maskGenerator.set_state(state);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is CheckpointException or ArgumentException)
        {
            throw new TrainingException($"Cannot resume from the checkpoint: {ex.Message}", ex);
        }
        finally
        {
            foreach (var t in model.Values.Concat(optimizer.Values))
            {
                t.Dispose();
            }
        }

        Step = checkpoint.Step;
        SamplesSeen = checkpoint.SamplesSeen;
        PriorElapsedSeconds = checkpoint.ElapsedSeconds;
    }

    private static void CheckSetup(MaeConfig config, TrainOptions options)
    {
        try
        {
            config.Validate();
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new TrainingException(ex.Message, ex);
        }

        int[] radii;
        try
        {
            radii = TrainOptions.ParseContextRadii(options.ContextRadii, config.ContextRadius);
        }
        catch (ArgumentException ex)
        {
            throw new TrainingException($"--context-radii: {ex.Message}", ex);
        }

        if (radii.Any(r => r > config.GridSize))
        {
            throw new TrainingException($"--context-radii {options.ContextRadii}: expected radii in 0..{config.GridSize} (patches per tile edge).");
        }

        if (config.Decoder == DecoderKind.MaskedQueries && options.Mode != TrainMode.Inpaint)
        {
            throw new TrainingException("The masked-queries decoder trains with --mode inpaint: its queries are the patches a hole masks.");
        }

        if (config.Decoder == DecoderKind.Full && radii.Any(r => r != 0))
        {
            throw new TrainingException("A context radius (--context-radius, --context-radii) needs --decoder masked-queries: the full decoder trains on every visible patch.");
        }

        if (options.Mode == TrainMode.Inpaint && config.Target != PixelTarget.Normalized)
        {
            throw new TrainingException("The inpainting fine-tune trains raw (ImageNet-normalized) pixel targets: per-patch normalized targets (--norm-pix-loss) cannot be de-normalized to fill a hole.");
        }
    }

    private static void LoadInitWeights(MaeModel model, string path)
    {
        if (CheckpointFile.LooksLikeCheckpoint(path))
        {
            var checkpoint = CheckpointFile.Read(path);
            var differences = TrainingCheckpoint.ConfigDifferences(checkpoint.Config, model.Config, includeObjective: false);
            if (differences.Count > 0)
            {
                throw new TrainingException($"--init '{path}' has another architecture: {string.Join("; ", differences)}.");
            }

            var tensors = checkpoint.Model.ToDictionary(b => b.Name, b => b.ToTensor(), StringComparer.Ordinal);
            try
            {
                ReferenceCheckpoint.LoadInto(model, tensors, path);
            }
            finally
            {
                foreach (var t in tensors.Values)
                {
                    t.Dispose();
                }
            }

            return;
        }

        if (LooksLikeWeightFile(path))
        {
            // A shipped weight file (e.g. the default model) to continue training from: rebuilt through the
            // importer the parity tests check, then copied tensor by tensor.
            var file = WeightFile.Load(path);
            var differences = TrainingCheckpoint.ConfigDifferences(file.Config, model.Config, includeObjective: false);
            if (differences.Count > 0)
            {
                throw new TrainingException($"--init '{path}' has another architecture: {string.Join("; ", differences)}.");
            }

            using var source = WeightFileModel.Load(file);
            var weights = source.state_dict();
            ReferenceCheckpoint.LoadInto(model, weights, path);
            return;
        }

        // A reference PyTorch checkpoint ({'model': state_dict}); shapes are checked tensor by tensor.
        var stateDict = ReferenceCheckpoint.ReadStateDict(path);
        try
        {
            ReferenceCheckpoint.LoadInto(model, stateDict, path);
        }
        finally
        {
            foreach (var t in stateDict.Values)
            {
                t.Dispose();
            }
        }
    }

    private static bool LooksLikeWeightFile(string path)
    {
        Span<byte> head = stackalloc byte[8];
        using var stream = File.OpenRead(path);
        return stream.Read(head) == head.Length && head.SequenceEqual(WeightFileFormat.Magic);
    }
}
