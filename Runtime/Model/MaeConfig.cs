namespace MaeRealtime.Runtime.Model;

/// <summary>Which pixels the decoder is trained to predict.</summary>
public enum PixelTarget
{
    /// <summary>ImageNet-normalized pixels; the prediction de-normalizes with <see cref="MaeConfig.Mean"/>/<see cref="MaeConfig.Std"/>.</summary>
    Normalized = 0,

    /// <summary>Per-patch normalized pixels (the reference's <c>--norm_pix_loss</c>); cannot be de-normalized to fill holes faithfully.</summary>
    PerPatchNormalized = 1,
}

/// <summary>How a hole mask turns into masked patches.</summary>
public enum MaskPolicy
{
    /// <summary>A patch holding any hole pixel is masked (removed from the encoder input).</summary>
    AnyHolePixel = 0,

    /// <summary>
    /// A patch is masked only when more than half of its pixels are holes. Patches with fewer hole pixels stay
    /// visible to the encoder with those pixels set to 0 (black, in [0, 1] pixel space) and the decoder predicts
    /// them; their known pixels are not thrown away. Thin strokes touch many patches and cover little of each, so
    /// dropping every touched patch would discard most of the context around them.
    /// </summary>
    MostlyHole = 1,
}

/// <summary>How hole pixels get their final value from the decoder's prediction.</summary>
public enum HoleFill
{
    /// <summary>The de-normalized prediction, clamped to [0, 1].</summary>
    Prediction = 0,

    /// <summary>
    /// The prediction corrected by its own error on the known pixels of the masked patches: the residual
    /// (original - prediction) there is spread into the hole with a push-pull pyramid and added. Removes
    /// most colour steps at hole edges.
    /// </summary>
    ResidualPushPull = 1,

    /// <summary>
    /// <see cref="ResidualPushPull"/>, then averaged half and half with a push-pull interpolation of the tile's
    /// known pixels. The two estimates err differently (the prediction's detail is noisy, the interpolation is
    /// smooth): their mean beats the corrected prediction by 0.4-0.75 dB on every mask family measured and a
    /// plain push-pull fill on strokes (docs/MODEL_CARD.md).
    /// </summary>
    ResidualPushPullBlend = 2,
}

/// <summary>Which tokens the decoder computes.</summary>
public enum DecoderKind
{
    /// <summary>
    /// The reference's decoder: mask tokens are scattered among the encoder's tokens and every block runs on all
    /// 1 + L tokens of the tile (facebookresearch/mae). Imported reference checkpoints use it.
    /// </summary>
    Full = 0,

    /// <summary>
    /// Only the masked patches are decoded (CrossMAE, Fu et al. 2024): each query starts as the mask token plus its
    /// position, and every block's attention reads keys and values of the encoder's tokens (embedded to the decoder
    /// width once, each block applying its own norm1 and k/v projections to them) together with the queries' own,
    /// in one softmax. The encoder's tokens are never refined by the decoder, so its cost follows the masked patches.
    /// </summary>
    MaskedQueries = 1,
}

/// <summary>
/// The architecture and numerics of one MAE, as stored in a weight file. Mirrors the arguments of
/// facebookresearch/mae <c>MaskedAutoencoderViT</c>: square images of <see cref="ImageSize"/> pixels cut
/// into <see cref="PatchSize"/>-pixel patches, a ViT encoder and a lighter ViT decoder.
/// </summary>
public sealed record MaeConfig
{
    /// <summary>Tile edge in pixels; divisible by <see cref="PatchSize"/>.</summary>
    public int ImageSize { get; init; } = 128;

    /// <summary>Patch edge in pixels.</summary>
    public int PatchSize { get; init; } = 8;

    /// <summary>Encoder width.</summary>
    public int EmbedDim { get; init; } = 192;

    /// <summary>Encoder transformer blocks.</summary>
    public int Depth { get; init; } = 6;

    /// <summary>Encoder attention heads; divides <see cref="EmbedDim"/>.</summary>
    public int NumHeads { get; init; } = 3;

    /// <summary>Decoder width.</summary>
    public int DecoderEmbedDim { get; init; } = 128;

    /// <summary>Decoder transformer blocks.</summary>
    public int DecoderDepth { get; init; } = 2;

    /// <summary>Decoder attention heads; divides <see cref="DecoderEmbedDim"/>.</summary>
    public int DecoderNumHeads { get; init; } = 4;

    /// <summary>MLP hidden width divided by block width (the reference uses 4).</summary>
    public float MlpRatio { get; init; } = 4f;

    /// <summary>LayerNorm epsilon (the reference uses 1e-6).</summary>
    public float LayerNormEps { get; init; } = 1e-6f;

    /// <summary>Per-channel RGB mean used to normalize pixels in [0, 1].</summary>
    public float[] Mean { get; init; } = [0.485f, 0.456f, 0.406f];

    /// <summary>Per-channel RGB standard deviation used to normalize pixels in [0, 1].</summary>
    public float[] Std { get; init; } = [0.229f, 0.224f, 0.225f];

    /// <summary>What the decoder predicts.</summary>
    public PixelTarget Target { get; init; } = PixelTarget.Normalized;

    /// <summary>How holes become masked patches.</summary>
    public MaskPolicy Masking { get; init; } = MaskPolicy.AnyHolePixel;

    /// <summary>How hole pixels are filled from the prediction.</summary>
    public HoleFill Fill { get; init; } = HoleFill.Prediction;

    /// <summary>Which tokens the decoder computes (weight format v2; v1 files are <see cref="DecoderKind.Full"/>).</summary>
    public DecoderKind Decoder { get; init; } = DecoderKind.Full;

    /// <summary>
    /// The context the encoder sees, in patches: 0 = every visible patch of the tile (the reference); r &gt; 0 = only
    /// the visible patches within Chebyshev distance r of a patch being filled, r growing by up to 2 in a tile with a
    /// deep hole (<see cref="Inference.PatchPlan"/>). The default a runtime uses; it may ask for another (weight
    /// format v2; v1 files are 0).
    /// </summary>
    public int ContextRadius { get; init; }

    /// <summary>Colour channels per pixel (always 3: RGB).</summary>
    public const int Channels = 3;

    /// <summary>Patches per tile edge.</summary>
    public int GridSize => ImageSize / PatchSize;

    /// <summary>Patches per tile.</summary>
    public int NumPatches => GridSize * GridSize;

    /// <summary>Values in one patchified patch: p*p*3, channel fastest.</summary>
    public int PatchValues => PatchSize * PatchSize * Channels;

    /// <summary>
    /// The most hole pixels a patch may hold and still be seen by the encoder (<see cref="Masking"/>): 0 for
    /// <see cref="MaskPolicy.AnyHolePixel"/>, half the patch for <see cref="MaskPolicy.MostlyHole"/>.
    /// </summary>
    public int VisibleHolePixelLimit => Masking == MaskPolicy.MostlyHole ? PatchSize * PatchSize / 2 : 0;

    /// <summary>Encoder MLP hidden width.</summary>
    public int MlpHidden => (int)(EmbedDim * MlpRatio);

    /// <summary>Decoder MLP hidden width.</summary>
    public int DecoderMlpHidden => (int)(DecoderEmbedDim * MlpRatio);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent field.</summary>
    public void Validate()
    {
        static void Require(bool ok, string field, string expected, object found)
        {
            if (!ok)
            {
                throw new ArgumentException($"MAE config field '{field}': expected {expected}, found {found}.");
            }
        }

        Require(PatchSize > 0, nameof(PatchSize), "> 0", PatchSize);
        Require(ImageSize > 0 && ImageSize % PatchSize == 0, nameof(ImageSize), $"a positive multiple of patch size {PatchSize}", ImageSize);
        // The 2D sin-cos position tables split the width into four equal sin/cos halves of rows and columns.
        Require(EmbedDim > 0 && EmbedDim % 4 == 0, nameof(EmbedDim), "a positive multiple of 4", EmbedDim);
        Require(Depth >= 0, nameof(Depth), ">= 0", Depth);
        Require(NumHeads > 0 && EmbedDim % NumHeads == 0, nameof(NumHeads), $"a divisor of EmbedDim {EmbedDim}", NumHeads);
        Require(DecoderEmbedDim > 0 && DecoderEmbedDim % 4 == 0, nameof(DecoderEmbedDim), "a positive multiple of 4", DecoderEmbedDim);
        Require(DecoderDepth >= 0, nameof(DecoderDepth), ">= 0", DecoderDepth);
        Require(DecoderNumHeads > 0 && DecoderEmbedDim % DecoderNumHeads == 0, nameof(DecoderNumHeads), $"a divisor of DecoderEmbedDim {DecoderEmbedDim}", DecoderNumHeads);
        Require(MlpRatio > 0 && MlpHidden > 0, nameof(MlpRatio), "> 0", MlpRatio);
        Require(LayerNormEps > 0 && float.IsFinite(LayerNormEps), nameof(LayerNormEps), "a finite value > 0", LayerNormEps);
        Require(Mean.Length == Channels, nameof(Mean), "3 values", Mean.Length);
        Require(Std.Length == Channels && Std.All(s => s > 0), nameof(Std), "3 positive values", string.Join(",", Std));
        Require(Enum.IsDefined(Target), nameof(Target), "a known pixel target", Target);
        Require(Enum.IsDefined(Masking), nameof(Masking), "a known mask policy", Masking);
        Require(Enum.IsDefined(Fill), nameof(Fill), "a known hole fill", Fill);
        Require(Enum.IsDefined(Decoder), nameof(Decoder), "a known decoder kind", Decoder);
        Require(ContextRadius >= 0 && ContextRadius <= GridSize, nameof(ContextRadius), $"0 (every visible patch) or a radius in 1..{GridSize} patches", ContextRadius);
        // Under MostlyHole a partly covered patch is both seen by the encoder and filled by the decoder, which only
        // the full decoder's per-patch rows provide.
        Require(Decoder == DecoderKind.Full || Masking == MaskPolicy.AnyHolePixel, nameof(Decoder), $"{DecoderKind.Full} with mask policy {MaskPolicy.MostlyHole}", Decoder);
    }
}
