using MaeRealtime.Runtime.Model;
using MaeRealtime.Training.Import;
using MaeRealtime.Training.Model;

namespace MaeRealtime.Training.Trainer;

/// <summary>
/// Everything needed to continue a run exactly: architecture, options, the step reached, model weights, AdamW
/// moments and step counts, and both torch RNG states. Data order, crops and hole masks need no saved state: they
/// are functions of (seed, sample index). Held in managed memory; <see cref="CheckpointFile"/> reads and writes it.
/// </summary>
public sealed record TrainingCheckpoint
{
    /// <summary>The default file name inside a run folder.</summary>
    public const string FileName = "checkpoint.maeckpt";

    /// <summary>The architecture.</summary>
    public required MaeConfig Config { get; init; }

    /// <summary>The run's options.</summary>
    public required TrainOptions Options { get; init; }

    /// <summary>Optimizer steps completed.</summary>
    public required long Step { get; init; }

    /// <summary>Images seen so far (steps x effective batch).</summary>
    public long SamplesSeen { get; init; }

    /// <summary>Training wall time so far, over all resumed sessions.</summary>
    public double ElapsedSeconds { get; init; }

    /// <summary>Loss of the last completed step (NaN before the first).</summary>
    public double LastLoss { get; init; } = double.NaN;

    /// <summary>AdamW's first-moment decay.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>AdamW's second-moment decay.</summary>
    public double Beta2 { get; init; } = 0.95;

    /// <summary>AdamW's epsilon.</summary>
    public double Eps { get; init; } = 1e-8;

    /// <summary>AdamW step count per parameter name.</summary>
    public IReadOnlyDictionary<string, long> OptimizerSteps { get; init; } = new Dictionary<string, long>();

    /// <summary>The model's state dict, keyed by the reference's names.</summary>
    public required IReadOnlyList<TensorBlob> Model { get; init; }

    /// <summary>AdamW moments ("exp_avg/NAME", "exp_avg_sq/NAME").</summary>
    public IReadOnlyList<TensorBlob> Optimizer { get; init; } = [];

    /// <summary>Generator states: "torch" (the default generator) and "mask" (patch masking).</summary>
    public IReadOnlyList<TensorBlob> Rng { get; init; } = [];

    /// <summary>A CPU model with this checkpoint's architecture and weights (for export and evaluation); the caller disposes it.</summary>
    /// <exception cref="CheckpointException">The stored tensors do not fit the stored architecture.</exception>
    public MaeModel CreateModel()
    {
        var model = new MaeModel(Config);
        var tensors = Model.ToDictionary(b => b.Name, b => b.ToTensor(), StringComparer.Ordinal);
        try
        {
            ReferenceCheckpoint.LoadInto(model, tensors, "training checkpoint");
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
        finally
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
        }
    }

    /// <summary>The checkpoint file of <paramref name="fileOrRunFolder"/>: the path itself, or the folder's <see cref="FileName"/>.</summary>
    public static string ResolvePath(string fileOrRunFolder) =>
        Directory.Exists(fileOrRunFolder) ? Path.Combine(fileOrRunFolder, FileName) : fileOrRunFolder;

    /// <summary>
    /// The architecture fields that differ, one line each ("EmbedDim: checkpoint 192, requested 256"); empty when
    /// <paramref name="requested"/> can load <paramref name="checkpoint"/>'s weights and continue its training. With
    /// <paramref name="includeObjective"/> false only the fields that shape the weights count: the pixel target, the
    /// mask policy, the decoder kind and the context radius (same tensors) may change when a run starts from other
    /// weights (<c>--init</c>).
    /// </summary>
    public static IReadOnlyList<string> ConfigDifferences(MaeConfig checkpoint, MaeConfig requested, bool includeObjective = true)
    {
        var result = new List<string>();
        void Compare(string name, object a, object b)
        {
            if (!Equals(a, b))
            {
                result.Add($"{name}: checkpoint {a}, requested {b}");
            }
        }

        Compare(nameof(MaeConfig.ImageSize), checkpoint.ImageSize, requested.ImageSize);
        Compare(nameof(MaeConfig.PatchSize), checkpoint.PatchSize, requested.PatchSize);
        Compare(nameof(MaeConfig.EmbedDim), checkpoint.EmbedDim, requested.EmbedDim);
        Compare(nameof(MaeConfig.Depth), checkpoint.Depth, requested.Depth);
        Compare(nameof(MaeConfig.NumHeads), checkpoint.NumHeads, requested.NumHeads);
        Compare(nameof(MaeConfig.DecoderEmbedDim), checkpoint.DecoderEmbedDim, requested.DecoderEmbedDim);
        Compare(nameof(MaeConfig.DecoderDepth), checkpoint.DecoderDepth, requested.DecoderDepth);
        Compare(nameof(MaeConfig.DecoderNumHeads), checkpoint.DecoderNumHeads, requested.DecoderNumHeads);
        Compare(nameof(MaeConfig.MlpRatio), checkpoint.MlpRatio, requested.MlpRatio);
        Compare(nameof(MaeConfig.LayerNormEps), checkpoint.LayerNormEps, requested.LayerNormEps);
        Compare(nameof(MaeConfig.Mean), string.Join(",", checkpoint.Mean), string.Join(",", requested.Mean));
        Compare(nameof(MaeConfig.Std), string.Join(",", checkpoint.Std), string.Join(",", requested.Std));
        if (includeObjective)
        {
            Compare(nameof(MaeConfig.Masking), checkpoint.Masking, requested.Masking);
            Compare(nameof(MaeConfig.Target), checkpoint.Target, requested.Target);
            Compare(nameof(MaeConfig.Decoder), checkpoint.Decoder, requested.Decoder);
            Compare(nameof(MaeConfig.ContextRadius), checkpoint.ContextRadius, requested.ContextRadius);
        }

        return result;
    }
}
