using System.Globalization;

namespace MaeRealtime.Runtime.Model;

/// <summary>
/// The bounds a weight file's config must keep (docs/WEIGHT_FORMAT.md, "Bounds"). They are checked before anything is
/// sized by the config, so a hostile file cannot make the loader build a huge tensor list or overflow an integer, and
/// they are wide enough for every MAE in use (the reference ViT-Huge: width 1280, depth 32, 224 px tiles of 14 px patches).
/// </summary>
public static class WeightFileLimits
{
    /// <summary>Largest patch edge, in pixels.</summary>
    public const int MaxPatchSize = 64;

    /// <summary>Largest tile edge, in pixels.</summary>
    public const int MaxImageSize = 1024;

    /// <summary>Most patches per tile (a 1024 px tile of 8 px patches).</summary>
    public const int MaxPatches = 16_384;

    /// <summary>Largest encoder or decoder width.</summary>
    public const int MaxWidth = 4096;

    /// <summary>Most transformer blocks in the encoder or in the decoder.</summary>
    public const int MaxDepth = 128;

    /// <summary>Largest MLP ratio (hidden width / block width).</summary>
    public const float MaxMlpRatio = 16f;

    /// <summary>Largest LayerNorm epsilon.</summary>
    public const float MaxLayerNormEps = 1f;

    /// <summary>Largest magnitude of a pixel mean (pixels are in [0, 1]; ImageNet's mean is about 0.45).</summary>
    public const float MaxMeanMagnitude = 10f;

    /// <summary>Smallest pixel std: dividing by less blows an 8-bit step up past 40 standard units.</summary>
    public const float MinStd = 1e-4f;

    /// <summary>Largest pixel std (ImageNet's is about 0.22).</summary>
    public const float MaxStd = 100f;

    /// <summary>Largest header (preamble, config and tensor table, padded), in bytes.</summary>
    public const long MaxHeaderBytes = 16L << 20;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the first field of <paramref name="config"/> outside these bounds
    /// (expected vs found), then runs <see cref="MaeConfig.Validate"/>. Nothing here allocates by a config value.
    /// </summary>
    public static void Check(MaeConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Require(config.PatchSize is >= 1 and <= MaxPatchSize, nameof(MaeConfig.PatchSize), $"1..{MaxPatchSize}", config.PatchSize);
        Require(config.ImageSize >= config.PatchSize && config.ImageSize <= MaxImageSize && config.ImageSize % config.PatchSize == 0,
            nameof(MaeConfig.ImageSize), $"a multiple of patch size {config.PatchSize} in {config.PatchSize}..{MaxImageSize}", config.ImageSize);
        Require(config.NumPatches <= MaxPatches, nameof(MaeConfig.ImageSize), $"at most {MaxPatches} patches per tile", $"{config.NumPatches} ({config.ImageSize}/{config.PatchSize} squared)");
        Require(config.EmbedDim is >= 4 and <= MaxWidth, nameof(MaeConfig.EmbedDim), $"4..{MaxWidth}", config.EmbedDim);
        Require(config.DecoderEmbedDim is >= 4 and <= MaxWidth, nameof(MaeConfig.DecoderEmbedDim), $"4..{MaxWidth}", config.DecoderEmbedDim);
        Require(config.Depth is >= 0 and <= MaxDepth, nameof(MaeConfig.Depth), $"0..{MaxDepth}", config.Depth);
        Require(config.DecoderDepth is >= 0 and <= MaxDepth, nameof(MaeConfig.DecoderDepth), $"0..{MaxDepth}", config.DecoderDepth);
        Require(config.NumHeads >= 1 && config.NumHeads <= config.EmbedDim, nameof(MaeConfig.NumHeads), $"1..{config.EmbedDim}", config.NumHeads);
        Require(config.DecoderNumHeads >= 1 && config.DecoderNumHeads <= config.DecoderEmbedDim, nameof(MaeConfig.DecoderNumHeads), $"1..{config.DecoderEmbedDim}", config.DecoderNumHeads);
        Require(float.IsFinite(config.MlpRatio) && config.MlpRatio > 0 && config.MlpRatio <= MaxMlpRatio, nameof(MaeConfig.MlpRatio), $"a finite value in (0, {MaxMlpRatio}]", config.MlpRatio);
        Require(float.IsFinite(config.LayerNormEps) && config.LayerNormEps > 0 && config.LayerNormEps <= MaxLayerNormEps, nameof(MaeConfig.LayerNormEps), $"a finite value in (0, {MaxLayerNormEps}]", config.LayerNormEps);
        Require(config.Mean is { Length: MaeConfig.Channels } && config.Mean.All(m => float.IsFinite(m) && Math.Abs(m) <= MaxMeanMagnitude),
            nameof(MaeConfig.Mean), $"3 finite values in [-{MaxMeanMagnitude}, {MaxMeanMagnitude}]", Values(config.Mean));
        Require(config.Std is { Length: MaeConfig.Channels } && config.Std.All(s => float.IsFinite(s) && s >= MinStd && s <= MaxStd),
            nameof(MaeConfig.Std), $"3 finite values in [{MinStd.ToString(CultureInfo.InvariantCulture)}, {MaxStd}]", Values(config.Std));
        config.Validate();
    }

    /// <summary>
    /// Tensors a weight file for <paramref name="config"/> holds, computed without building the list
    /// (<see cref="MaeTensorLayout.Expected"/> has 4 + 6 + 4 fixed tensors and 12 per block).
    /// </summary>
    public static long TensorCount(MaeConfig config) => 14L + (12L * ((long)config.Depth + config.DecoderDepth));

    private static void Require(bool ok, string field, string expected, object? found)
    {
        if (!ok)
        {
            throw new ArgumentException($"MAE config field '{field}': expected {expected}, found {Convert.ToString(found, CultureInfo.InvariantCulture)}.");
        }
    }

    private static string Values(float[]? values) =>
        values is null ? "none" : string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
}
