using MaeRealtime.Training.Data;
using MaeRealtime.Training.Masks;

namespace MaeRealtime.Training.Trainer;

/// <summary>
/// How a run trains (everything but the architecture, which is the <see cref="Runtime.Model.MaeConfig"/>). Stored in
/// every checkpoint; <see cref="ResumeInvariantDifferences"/> lists what must not change when a run resumes.
/// </summary>
public sealed record TrainOptions
{
    /// <summary>Pretraining or the inpainting fine-tune.</summary>
    public TrainMode Mode { get; init; } = TrainMode.Pretrain;

    /// <summary>Images per micro-batch.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Micro-batches whose gradients add up to one optimizer step.</summary>
    public int Accumulation { get; init; } = 1;

    /// <summary>Optimizer steps of the whole run (the schedule ends here).</summary>
    public long Steps { get; init; } = 1000;

    /// <summary>Linear warmup steps.</summary>
    public long WarmupSteps { get; init; } = 50;

    /// <summary>The reference's base learning rate (blr), scaled by effective batch / 256.</summary>
    public double BaseLearningRate { get; init; } = 1.5e-4;

    /// <summary>The rate the half cosine ends at.</summary>
    public double MinLearningRate { get; init; }

    /// <summary>AdamW's decoupled weight decay for the decayed group.</summary>
    public double WeightDecay { get; init; } = 0.05;

    /// <summary>Patches removed per image in pretraining.</summary>
    public double MaskRatio { get; init; } = 0.75;

    /// <summary>The run seed: model init, data order, crops, masks.</summary>
    public long Seed { get; init; }

    /// <summary>Hole-mask families of the inpainting fine-tune, comma-separated ("all" = every family).</summary>
    public string MaskFamilies { get; init; } = "all";

    /// <summary>Held-out fraction of the source images (<see cref="DatasetSplit"/>).</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Decoded images are downscaled to this short side.</summary>
    public int MaxShortSide { get; init; } = ImageDataset.DefaultMaxShortSide;

    /// <summary>
    /// Smallest and largest crop zoom (source pixels per model pixel) of <see cref="ZoomCrop"/>; both 0 (the default)
    /// keep the reference's random-resized crop.
    /// </summary>
    public double CropZoomMin { get; init; }

    /// <inheritdoc cref="CropZoomMin"/>
    public double CropZoomMax { get; init; }

    /// <summary>The crop scale range, or null for the reference's random-resized crop.</summary>
    public ZoomCrop? CropZoom => CropZoomMin == 0 && CropZoomMax == 0 ? null : new ZoomCrop(CropZoomMin, CropZoomMax);

    /// <summary>
    /// Context radii a masked-queries run draws from, uniformly per training image, comma-separated (e.g. "1,2,3");
    /// empty (the default) = the config's <see cref="Runtime.Model.MaeConfig.ContextRadius"/> for every image.
    /// </summary>
    public string ContextRadii { get; init; } = string.Empty;

    /// <summary>The data folder (informational; a resumed run may point elsewhere).</summary>
    public string DataFolder { get; init; } = string.Empty;

    /// <summary>A checkpoint is written every this many steps (and at the end and on interrupt).</summary>
    public long SaveEvery { get; init; } = 500;

    /// <summary>A progress line / CSV row every this many steps.</summary>
    public long LogEvery { get; init; } = 10;

    /// <summary>"cpu" or "cuda[:N]".</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Images per optimizer step.</summary>
    public int EffectiveBatchSize => BatchSize * Accumulation;

    /// <summary>The peak learning rate, base x effective batch / 256.</summary>
    public double PeakLearningRate => LearningRateSchedule.PeakLearningRate(BaseLearningRate, EffectiveBatchSize);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        static void Require(bool ok, string what, object found)
        {
            if (!ok)
            {
                throw new ArgumentException($"Training option {what}, found {found}.");
            }
        }

        Require(Enum.IsDefined(Mode), "mode: expected pretrain or inpaint", Mode);
        Require(BatchSize >= 1, "batch: expected >= 1", BatchSize);
        Require(Accumulation >= 1, "accum: expected >= 1", Accumulation);
        Require(Steps >= 1, "steps: expected >= 1", Steps);
        Require(WarmupSteps >= 0 && WarmupSteps <= Steps, $"warmup-steps: expected 0..{Steps}", WarmupSteps);
        Require(BaseLearningRate > 0 && double.IsFinite(BaseLearningRate), "base-lr: expected a finite value > 0", BaseLearningRate);
        Require(MinLearningRate >= 0 && MinLearningRate <= PeakLearningRate, "min-lr: expected 0..peak lr", MinLearningRate);
        Require(WeightDecay >= 0 && double.IsFinite(WeightDecay), "weight-decay: expected a finite value >= 0", WeightDecay);
        Require(MaskRatio > 0 && MaskRatio < 1, "mask-ratio: expected a value in (0, 1)", MaskRatio);
        Require(ValidationFraction >= 0 && ValidationFraction < 1, "val-fraction: expected a value in [0, 1)", ValidationFraction);
        Require(MaxShortSide >= 8, "max-short-side: expected >= 8", MaxShortSide);
        try
        {
            CropZoom?.Validate(); // one rule for the range, ZoomCrop's
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Training option crop-zoom: {ex.Message}", ex);
        }

        try
        {
            _ = ParseContextRadii(ContextRadii, 0);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Training option context-radii: {ex.Message}", ex);
        }

        Require(SaveEvery >= 1, "save-every: expected >= 1", SaveEvery);
        Require(LogEvery >= 1, "log-every: expected >= 1", LogEvery);
        if (Mode == TrainMode.Inpaint)
        {
            _ = HoleMaskGenerators.Parse(MaskFamilies); // throws naming the unknown family
        }
    }

    /// <summary>
    /// The options that change what the next steps compute, so a resumed run must keep them to continue exactly;
    /// one line per difference ("batch: checkpoint 32, requested 64"). Steps, save/log cadence, device and data
    /// path may change.
    /// </summary>
    public static IReadOnlyList<string> ResumeInvariantDifferences(TrainOptions checkpoint, TrainOptions requested)
    {
        var result = new List<string>();
        void Compare<T>(string name, T a, T b)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b))
            {
                result.Add($"{name}: checkpoint {a}, requested {b}");
            }
        }

        Compare("mode", checkpoint.Mode, requested.Mode);
        Compare("batch", checkpoint.BatchSize, requested.BatchSize);
        Compare("accum", checkpoint.Accumulation, requested.Accumulation);
        Compare("warmup-steps", checkpoint.WarmupSteps, requested.WarmupSteps);
        Compare("base-lr", checkpoint.BaseLearningRate, requested.BaseLearningRate);
        Compare("min-lr", checkpoint.MinLearningRate, requested.MinLearningRate);
        Compare("weight-decay", checkpoint.WeightDecay, requested.WeightDecay);
        Compare("mask-ratio", checkpoint.MaskRatio, requested.MaskRatio);
        Compare("seed", checkpoint.Seed, requested.Seed);
        Compare("masks", checkpoint.MaskFamilies, requested.MaskFamilies);
        Compare("val-fraction", checkpoint.ValidationFraction, requested.ValidationFraction);
        Compare("max-short-side", checkpoint.MaxShortSide, requested.MaxShortSide);
        Compare("context-radii", checkpoint.ContextRadii, requested.ContextRadii);
        Compare("crop-zoom", checkpoint.CropZoom?.ToString() ?? "off", requested.CropZoom?.ToString() ?? "off");
        return result;
    }

    /// <summary>
    /// The radii of <paramref name="list"/> ("1,2,3"; each &gt;= 0, 0 = every visible patch), or just
    /// <paramref name="configRadius"/> when the list is empty.
    /// </summary>
    /// <exception cref="ArgumentException">An entry is not a non-negative integer.</exception>
    public static int[] ParseContextRadii(string list, int configRadius)
    {
        if (string.IsNullOrWhiteSpace(list))
        {
            return [configRadius];
        }

        var radii = new List<int>();
        foreach (string part in list.Split(','))
        {
            if (!int.TryParse(part.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int r))
            {
                throw new ArgumentException($"expected comma-separated radii >= 0 such as 1,2,3, found '{list}'.");
            }

            radii.Add(r);
        }

        return radii.ToArray();
    }
}
