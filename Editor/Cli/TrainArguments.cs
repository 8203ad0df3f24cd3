using MaeRealtime.Runtime.Model;
using MaeRealtime.Training.Data;
using MaeRealtime.Training.Trainer;

namespace MaeRealtime.Editor.Cli;

/// <summary>
/// The options of <c>mae train</c> as given (null = not on the command line), and how they combine with a preset
/// or a resumed checkpoint: what was not given comes from the checkpoint when resuming, else from the defaults.
/// </summary>
internal sealed record TrainArguments
{
    public string? Data { get; init; }

    public string? Out { get; init; }

    public string? Preset { get; init; }

    public int? ImageSize { get; init; }

    public int? Patch { get; init; }

    public int? Dim { get; init; }

    public int? Depth { get; init; }

    public int? Heads { get; init; }

    public int? DecoderDim { get; init; }

    public int? DecoderDepth { get; init; }

    public int? DecoderHeads { get; init; }

    public bool NormPixLoss { get; init; }

    public MaskPolicy? MaskPolicy { get; init; }

    public TrainMode? Mode { get; init; }

    public DecoderKind? Decoder { get; init; }

    public int? ContextRadius { get; init; }

    public string? ContextRadii { get; init; }

    public string? Masks { get; init; }

    public int? Batch { get; init; }

    public int? Accum { get; init; }

    public long? Steps { get; init; }

    public long? WarmupSteps { get; init; }

    public double? BaseLr { get; init; }

    public double? MinLr { get; init; }

    public double? WeightDecay { get; init; }

    public double? MaskRatio { get; init; }

    public long? Seed { get; init; }

    public long? SaveEvery { get; init; }

    public long? LogEvery { get; init; }

    public double? ValFraction { get; init; }

    public int? MaxShortSide { get; init; }

    public ZoomCrop? CropZoom { get; init; }

    public string? Device { get; init; }

    public string? Resume { get; init; }

    public string? Init { get; init; }

    public int? Threads { get; init; }

    public bool Plain { get; init; }

    /// <summary>Whether any architecture option was given.</summary>
    public bool ArchitectureGiven =>
        Preset is not null || ImageSize is not null || Patch is not null || Dim is not null || Depth is not null || Heads is not null
        || DecoderDim is not null || DecoderDepth is not null || DecoderHeads is not null || NormPixLoss || MaskPolicy is not null
        || Decoder is not null || ContextRadius is not null;

    /// <summary>The architecture: the preset (default "small") or the resumed checkpoint's, with the given fields on top.</summary>
    public MaeConfig Config(MaeConfig? resumed)
    {
        MaeConfig basis;
        if (Preset is not null || resumed is null)
        {
            try
            {
                basis = MaeConfigPresets.Get(Preset ?? "small");
            }
            catch (ArgumentException ex)
            {
                throw new CliException($"--config: {ex.Message}", ex);
            }
        }
        else
        {
            basis = resumed;
        }

        var config = basis with
        {
            ImageSize = ImageSize ?? basis.ImageSize,
            PatchSize = Patch ?? basis.PatchSize,
            EmbedDim = Dim ?? basis.EmbedDim,
            Depth = Depth ?? basis.Depth,
            NumHeads = Heads ?? basis.NumHeads,
            DecoderEmbedDim = DecoderDim ?? basis.DecoderEmbedDim,
            DecoderDepth = DecoderDepth ?? basis.DecoderDepth,
            DecoderNumHeads = DecoderHeads ?? basis.DecoderNumHeads,
            Target = NormPixLoss ? PixelTarget.PerPatchNormalized : (resumed?.Target ?? PixelTarget.Normalized),
            Masking = MaskPolicy ?? resumed?.Masking ?? Runtime.Model.MaskPolicy.AnyHolePixel,
            Decoder = Decoder ?? resumed?.Decoder ?? DecoderKind.Full,
            ContextRadius = ContextRadius ?? resumed?.ContextRadius ?? 0,
        };
        try
        {
            config.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message, ex);
        }

        return config;
    }

    /// <summary>The training options: the resumed checkpoint's (or the defaults) with the given ones on top.</summary>
    public TrainOptions Options(TrainOptions? resumed)
    {
        var basis = resumed ?? new TrainOptions();
        long steps = Steps ?? basis.Steps;
        var options = basis with
        {
            Mode = Mode ?? basis.Mode,
            MaskFamilies = Masks ?? basis.MaskFamilies,
            ContextRadii = ContextRadii ?? basis.ContextRadii,
            BatchSize = Batch ?? basis.BatchSize,
            Accumulation = Accum ?? basis.Accumulation,
            Steps = steps,
            // The reference warms up for 5 % of its epochs (40 of 800).
            WarmupSteps = WarmupSteps ?? (resumed?.WarmupSteps ?? steps / 20),
            BaseLearningRate = BaseLr ?? basis.BaseLearningRate,
            MinLearningRate = MinLr ?? basis.MinLearningRate,
            WeightDecay = WeightDecay ?? basis.WeightDecay,
            MaskRatio = MaskRatio ?? basis.MaskRatio,
            Seed = Seed ?? basis.Seed,
            SaveEvery = SaveEvery ?? basis.SaveEvery,
            LogEvery = LogEvery ?? basis.LogEvery,
            ValidationFraction = ValFraction ?? basis.ValidationFraction,
            MaxShortSide = MaxShortSide ?? basis.MaxShortSide,
            CropZoomMin = CropZoom?.MinZoom ?? basis.CropZoomMin,
            CropZoomMax = CropZoom?.MaxZoom ?? basis.CropZoomMax,
            DataFolder = Data is null ? basis.DataFolder : Path.GetFullPath(Data),
            Device = Device ?? "cpu",
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message, ex);
        }

        return options;
    }
}
