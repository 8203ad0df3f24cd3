using System.Text.RegularExpressions;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Import;

/// <summary>
/// Derives the weight file's <see cref="MaeConfig"/> from a source checkpoint: architecture from tensor shapes
/// (patch and width from <c>patch_embed.proj.weight</c>, tile size from <c>pos_embed</c>, depths from block indices,
/// decoder width from <c>decoder_embed.weight</c>, MLP ratio from <c>fc1</c>), heads from the options or
/// <see cref="HeadDefaults"/>, and the pixel target from the options, the checkpoint's own record or its file name.
/// Every decision not read from a shape is written to the notes.
/// </summary>
internal static partial class ConfigInference
{
    private static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    /// <summary>The config for <paramref name="source"/>; <paramref name="notes"/> and <paramref name="warnings"/> receive one line per decision or flag.</summary>
    /// <exception cref="ImportException">Encoder-only, tensors needed for inference missing or inconsistent, or no head count known.</exception>
    public static MaeConfig Infer(SourceCheckpoint source, ImportOptions options, List<string> notes, List<string> warnings)
    {
        var t = source.Tensors;
        if (!t.Keys.Any(k => k.StartsWith("decoder_", StringComparison.Ordinal)) && !t.ContainsKey("mask_token"))
        {
            throw new ImportException(source.Path,
                "holds only the encoder (no decoder_* tensors and no mask_token): filling holes needs the MAE decoder, which the reference's "
                + "mae_pretrain_vit_*.pth and fine-tuned checkpoints do not carry. Convert mae_visualize_vit_{base,large,huge}.pth or "
                + "mae_pretrain_vit_{base,large,huge}_full.pth instead; they include the decoder.");
        }

        var problems = new List<string>();
        long[]? patch = Require(t, "patch_embed.proj.weight", 4, "[D, 3, p, p]", problems);
        long[]? pos = Require(t, "pos_embed", 3, "[1, 1 + G*G, D]", problems);
        long[]? decoderEmbed = Require(t, "decoder_embed.weight", 2, "[Dd, D]", problems);
        int depth = CountBlocks(t, "blocks.", problems);
        int decoderDepth = CountBlocks(t, "decoder_blocks.", problems);
        if (patch is null || pos is null || decoderEmbed is null || problems.Count > 0)
        {
            throw new ImportException(source.Path, "cannot infer the model config from the tensor shapes:", problems);
        }

        int dim = (int)patch[0], p = (int)patch[2];
        if (patch[1] != 3 || patch[2] != patch[3])
        {
            problems.Add($"tensor 'patch_embed.proj.weight': expected shape [D, 3, p, p], found {Shape(patch)}");
        }

        long numPatches = pos[1] - 1;
        int grid = (int)Math.Round(Math.Sqrt(Math.Max(numPatches, 0)));
        if (pos[0] != 1 || pos[2] != dim || numPatches <= 0 || (long)grid * grid != numPatches)
        {
            problems.Add($"tensor 'pos_embed': expected shape [1, 1 + G*G, {dim}], found {Shape(pos)}");
        }

        int decoderDim = (int)decoderEmbed[0];
        float ratio = MlpRatio(t, depth, dim, decoderDepth, decoderDim, problems);
        if (problems.Count > 0)
        {
            throw new ImportException(source.Path, "cannot infer the model config from the tensor shapes:", problems);
        }

        var recorded = source.RecordedConfig;
        int heads = Heads("encoder", "--heads", dim, options.NumHeads, recorded?.NumHeads, notes, problems);
        int decoderHeads = Heads("decoder", "--decoder-heads", decoderDim, options.DecoderNumHeads, recorded?.DecoderNumHeads, notes, problems);
        if (problems.Count > 0)
        {
            throw new ImportException(source.Path, recorded is null
                ? "needs attention head counts (a state dict does not record them):"
                : "the given head counts contradict the training checkpoint:", problems);
        }

        var config = new MaeConfig
        {
            ImageSize = grid * p,
            PatchSize = p,
            EmbedDim = dim,
            Depth = depth,
            NumHeads = heads,
            DecoderEmbedDim = decoderDim,
            DecoderDepth = decoderDepth,
            DecoderNumHeads = decoderHeads,
            MlpRatio = ratio,
            LayerNormEps = recorded?.LayerNormEps ?? 1e-6f,
            Mean = options.Mean ?? recorded?.Mean ?? ImageNetMean,
            Std = options.Std ?? recorded?.Std ?? ImageNetStd,
            Target = Target(source, options, notes, warnings),
            Masking = recorded?.Masking ?? MaskPolicy.AnyHolePixel,
            Fill = options.Fill ?? recorded?.Fill ?? HoleFill.Prediction,
        };
        notes.Add(options.Mean is null && options.Std is null && recorded is null
            ? "normalization: ImageNet mean/std (the reference's)"
            : $"normalization: mean [{string.Join(", ", config.Mean)}], std [{string.Join(", ", config.Std)}]{(options.Mean is null && options.Std is null ? " (recorded in the checkpoint)" : " (as given)")}");
        notes.Add($"hole fill: {config.Fill}{(options.Fill is null ? (recorded is null ? " (default)" : " (recorded in the checkpoint)") : " (as given)")}");
        try
        {
            // The weight file's bounds (docs/WEIGHT_FORMAT.md), so a lying checkpoint is refused here, not after a
            // tensor list or buffer has been sized by it.
            WeightFileLimits.Check(config);
        }
        catch (ArgumentException ex)
        {
            throw new ImportException(source.Path, $"the inferred config is invalid: {ex.Message}", inner: ex);
        }

        return config;
    }

    [GeneratedRegex(@"^mae_pretrain_vit_(base|large|huge)[^/\\]*_full", RegexOptions.IgnoreCase)]
    private static partial Regex FullPretrainName();

    private static PixelTarget Target(SourceCheckpoint source, ImportOptions options, List<string> notes, List<string> warnings)
    {
        PixelTarget target;
        bool? recorded = source.RecordedConfig is { } rc ? rc.Target == PixelTarget.PerPatchNormalized : source.NormPixLoss;
        string recordedOrigin = source.RecordedConfig is not null ? "the training checkpoint's config" : source.NormPixLossOrigin ?? "the checkpoint";
        if (options.Target is PixelTarget stated)
        {
            target = stated;
            notes.Add($"pixel target: {Describe(target)} (as stated with {(target == PixelTarget.PerPatchNormalized ? "--norm-pix" : "--raw-pix")})");
            if (recorded is bool r && r != (target == PixelTarget.PerPatchNormalized))
            {
                warnings.Add($"the stated pixel target contradicts {recordedOrigin} (norm_pix_loss={(r ? "True" : "False")}); using the stated one.");
            }
        }
        else if (recorded is bool r)
        {
            target = r ? PixelTarget.PerPatchNormalized : PixelTarget.Normalized;
            notes.Add($"pixel target: {Describe(target)} ({recordedOrigin})");
        }
        else if (FullPretrainName().IsMatch(Path.GetFileName(source.Path)))
        {
            target = PixelTarget.PerPatchNormalized;
            notes.Add($"pixel target: {Describe(target)} (by file name: the reference's mae_pretrain_vit_*_full checkpoints were trained with norm_pix_loss; pass --raw-pix if this one was not)");
        }
        else
        {
            target = PixelTarget.Normalized;
            notes.Add($"pixel target: {Describe(target)} (default: the checkpoint records no norm_pix_loss; pass --norm-pix if it was trained with it)");
        }

        if (target == PixelTarget.PerPatchNormalized)
        {
            warnings.Add("norm-pix: this model predicts per-patch normalized pixels (norm_pix_loss), which cannot be de-normalized faithfully: "
                + "filled holes get the right structure but wrong brightness and contrast. Fine-tune it on raw-pixel targets "
                + "or convert a raw-pixel checkpoint such as mae_visualize_vit_*.pth.");
        }

        return target;
    }

    private static string Describe(PixelTarget target) =>
        target == PixelTarget.PerPatchNormalized ? "per-patch normalized pixels (norm-pix)" : "raw pixels";

    private static int Heads(string which, string option, int width, int? given, int? recorded, List<string> notes, List<string> problems)
    {
        if (given is int g)
        {
            if (recorded is int r && r != g)
            {
                problems.Add($"{option} {g} contradicts the {r} {which} heads recorded in the training checkpoint");
            }

            notes.Add($"{which} heads: {g} (as given with {option})");
            return g;
        }

        if (recorded is int rec)
        {
            notes.Add($"{which} heads: {rec} (recorded in the training checkpoint)");
            return rec;
        }

        if (HeadDefaults.For(width) is int d)
        {
            notes.Add($"{which} heads: {d} (default for width {width}; {option} overrides)");
            return d;
        }

        string hint = width % 64 == 0 ? $"; 64-wide heads like the reference's would be {width / 64}" : string.Empty;
        problems.Add($"{which} width {width} is not a known model family: pass {option} N (N divides {width}{hint})");
        return 0;
    }

    private static float MlpRatio(IReadOnlyDictionary<string, SourceTensor> t, int depth, int dim, int decoderDepth, int decoderDim, List<string> problems)
    {
        float? Ratio(string name, int width)
        {
            long[]? fc1 = Require(t, name, 2, "[hidden, width]", problems);
            if (fc1 is null)
            {
                return null;
            }

            float r = fc1[0] / (float)width;
            if ((int)(width * r) != fc1[0] || fc1[1] != width)
            {
                problems.Add($"tensor '{name}': expected shape [hidden, {width}] with hidden = width x MLP ratio, found {Shape(fc1)}");
                return null;
            }

            return r;
        }

        float? encoder = depth > 0 ? Ratio("blocks.0.mlp.fc1.weight", dim) : null;
        float? decoder = decoderDepth > 0 ? Ratio("decoder_blocks.0.mlp.fc1.weight", decoderDim) : null;
        if (encoder is float e && decoder is float d && e != d)
        {
            problems.Add($"encoder MLP ratio {e} and decoder MLP ratio {d} differ; a weight file holds one ratio");
        }

        return encoder ?? decoder ?? 4f;
    }

    // The largest dimension any MAE tensor has within WeightFileLimits: the MLP's hidden width (16 x 4096).
    private const long MaxDimension = (long)WeightFileLimits.MaxMlpRatio * WeightFileLimits.MaxWidth;

    private static long[]? Require(IReadOnlyDictionary<string, SourceTensor> t, string name, int rank, string expected, List<string> problems)
    {
        if (!t.TryGetValue(name, out var tensor))
        {
            problems.Add($"missing tensor '{name}' {expected}");
            return null;
        }

        if (tensor.Shape.Length != rank)
        {
            problems.Add($"tensor '{name}': expected shape {expected}, found {tensor.ShapeText}");
            return null;
        }

        // The config is read from these shapes as ints: anything past the weight file's bounds is a lie or another model.
        if (tensor.Shape.Any(d => d is < 1 or > MaxDimension))
        {
            problems.Add($"tensor '{name}': expected dimensions in 1..{MaxDimension}, found {tensor.ShapeText}");
            return null;
        }

        return tensor.Shape;
    }

    private static int CountBlocks(IReadOnlyDictionary<string, SourceTensor> t, string prefix, List<string> problems)
    {
        var indices = new SortedSet<int>();
        foreach (string key in t.Keys)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            int end = key.IndexOf('.', prefix.Length);
            if (end > prefix.Length && int.TryParse(key.AsSpan(prefix.Length, end - prefix.Length), out int i) && i >= 0)
            {
                indices.Add(i);
            }
        }

        if (indices.Count > 0 && indices.Max != indices.Count - 1)
        {
            problems.Add($"block indices under '{prefix}' are not 0..{indices.Count - 1}: found [{string.Join(", ", indices)}]");
        }

        return indices.Count;
    }

    private static string Shape(long[] shape) => "[" + string.Join(", ", shape) + "]";
}
