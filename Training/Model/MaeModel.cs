using MaeRealtime.Runtime.Model;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Model;

/// <summary>
/// The Masked Autoencoder of He et al. 2021, a faithful port of facebookresearch/mae <c>MaskedAutoencoderViT</c>
/// (models_mae.py) with timm's <c>Block</c>. The state-dict keys are the reference's, so its checkpoints load
/// without remapping (see <see cref="MaeTensorLayout"/>).
/// <para>
/// Shapes: N images, S = image size, p = patch, G = S/p, L = G*G patches, K kept patches, D encoder width,
/// Dd decoder width, P = p*p*3 values per patch in the order (ky*p + kx)*3 + c.
/// </para>
/// </summary>
public sealed class MaeModel : nn.Module
{
    // Field order follows the reference's constructor so state_dict() lists keys in a familiar order.
    // Parameters are not readonly because Module.to() swaps them for moved copies through reflection.

    // ---- encoder ----
    [ComponentName(Name = "patch_embed")]
    private readonly PatchEmbed _patchEmbed;

    [ComponentName(Name = "cls_token")]
    private Parameter _clsToken;

    [ComponentName(Name = "pos_embed")]
    private Parameter _posEmbed; // fixed sin-cos table, requires_grad = false

    [ComponentName(Name = "blocks")]
    private readonly ModuleList<TransformerBlock> _blocks;

    [ComponentName(Name = "norm")]
    private readonly LayerNorm _norm;

    // ---- decoder ----
    [ComponentName(Name = "decoder_embed")]
    private readonly Linear _decoderEmbed;

    [ComponentName(Name = "mask_token")]
    private Parameter _maskToken;

    [ComponentName(Name = "decoder_pos_embed")]
    private Parameter _decoderPosEmbed; // fixed sin-cos table, requires_grad = false

    [ComponentName(Name = "decoder_blocks")]
    private readonly ModuleList<TransformerBlock> _decoderBlocks;

    [ComponentName(Name = "decoder_norm")]
    private readonly LayerNorm _decoderNorm;

    [ComponentName(Name = "decoder_pred")]
    private readonly Linear _decoderPred;

    // The reference's 1e-6 under the per-patch variance, kept alive for the process: see KeptScalars.
    private static readonly Scalar NormPixEps = 1e-6.ToScalar();

    /// <summary>Builds the model for <paramref name="config"/> and initializes it like the reference.</summary>
    /// <exception cref="ArgumentException">The config is inconsistent, or a width is not divisible by 4 (sin-cos table).</exception>
    public MaeModel(MaeConfig config)
        : base(nameof(MaeModel))
    {
        // Validate also requires widths divisible by 4, which the 2D sin-cos tables need.
        config.Validate();

        Config = config;
        int d = config.EmbedDim, dd = config.DecoderEmbedDim, tokens = config.NumPatches + 1;
        double eps = config.LayerNormEps;

        _patchEmbed = new PatchEmbed(config.PatchSize, d);
        _clsToken = new Parameter(zeros(1, 1, d));
        _posEmbed = new Parameter(zeros(1, tokens, d), requires_grad: false);
        _blocks = nn.ModuleList(Enumerable.Range(0, config.Depth)
            .Select(_ => new TransformerBlock(d, config.NumHeads, config.MlpHidden, eps)).ToArray());
        _norm = nn.LayerNorm(d, eps);

        _decoderEmbed = nn.Linear(d, dd, hasBias: true);
        _maskToken = new Parameter(zeros(1, 1, dd));
        _decoderPosEmbed = new Parameter(zeros(1, tokens, dd), requires_grad: false);
        _decoderBlocks = nn.ModuleList(Enumerable.Range(0, config.DecoderDepth)
            .Select(_ => new TransformerBlock(dd, config.DecoderNumHeads, config.DecoderMlpHidden, eps)).ToArray());
        _decoderNorm = nn.LayerNorm(dd, eps);
        _decoderPred = nn.Linear(dd, config.PatchValues, hasBias: true);

        RegisterComponents();
        InitializeWeights();
    }

    /// <summary>The architecture this model was built for.</summary>
    public MaeConfig Config { get; }

    /// <summary>True when the loss targets per-patch normalized pixels (the reference's norm_pix_loss).</summary>
    public bool NormPixLoss => Config.Target == PixelTarget.PerPatchNormalized;

    /// <summary>The reference's initialize_weights: fixed sin-cos tables, xavier on linear maps, N(0, 0.02) tokens.</summary>
    private void InitializeWeights()
    {
        using var noGrad = no_grad();
        using (var table = PositionEmbedding.SinCos2DTensor(Config.EmbedDim, Config.GridSize))
        {
            _posEmbed.copy_(table);
        }

        using (var table = PositionEmbedding.SinCos2DTensor(Config.DecoderEmbedDim, Config.GridSize))
        {
            _decoderPosEmbed.copy_(table);
        }

        // Initialize the patch embedding like nn.Linear: xavier on the [D, 3*p*p] view, so fan_out is D
        // rather than the conv's D*p*p. The conv bias keeps PyTorch's default, as in the reference.
        var w = _patchEmbed.Weight;
        using (var flat = w.view(w.shape[0], -1))
        {
            nn.init.xavier_uniform_(flat);
        }

        nn.init.normal_(_clsToken, std: 0.02);
        nn.init.normal_(_maskToken, std: 0.02);

        foreach (var (_, module) in named_modules())
        {
            switch (module)
            {
                case Linear linear:
                    nn.init.xavier_uniform_(linear.weight!);
                    nn.init.constant_(linear.bias!, KeptScalars.Zero);
                    break;
                case LayerNorm norm:
                    nn.init.constant_(norm.weight!, KeptScalars.One);
                    nn.init.constant_(norm.bias!, KeptScalars.Zero);
                    break;
            }
        }
    }

    /// <summary>imgs [N, 3, S, S] -> patches [N, L, P], P ordered (ky*p + kx)*3 + c (channel fastest).</summary>
    public Tensor Patchify(Tensor imgs)
    {
        CheckImages(imgs, nameof(imgs));
        int p = Config.PatchSize, g = Config.GridSize;
        long n = imgs.shape[0];
        using var x = imgs.reshape(n, 3, g, p, g, p);           // [N, c, h, ky, w, kx]
        using var y = x.permute(0, 2, 4, 3, 5, 1);             // [N, h, w, ky, kx, c]  ('nchpwq->nhwpqc')
        return y.reshape(n, g * g, p * p * 3);                  // [N, L, P]
    }

    /// <summary>patches [N, L, P] -> imgs [N, 3, S, S]; the inverse of <see cref="Patchify"/>.</summary>
    public Tensor Unpatchify(Tensor x)
    {
        int p = Config.PatchSize, g = Config.GridSize;
        if (x.dim() != 3 || x.shape[1] != Config.NumPatches || x.shape[2] != Config.PatchValues)
        {
            throw new ArgumentException($"patches: expected shape [N, {Config.NumPatches}, {Config.PatchValues}], found {Shape(x)}.", nameof(x));
        }

        long n = x.shape[0];
        using var y = x.reshape(n, g, g, p, p, 3);             // [N, h, w, ky, kx, c]
        using var z = y.permute(0, 5, 1, 3, 2, 4);             // [N, c, h, ky, w, kx]  ('nhwpqc->nchpwq')
        return z.reshape(n, 3, g * p, g * p);                  // [N, 3, S, S]
    }

    /// <summary>
    /// The encoder on the kept patches only: patch embed + position, gather the kept tokens, prepend the cls
    /// token, the blocks, the final norm. imgs [N, 3, S, S] (normalized), ids_keep [N, K] -> latent [N, 1+K, D].
    /// </summary>
    public Tensor ForwardEncoder(Tensor imgs, Tensor idsKeep)
    {
        CheckImages(imgs, nameof(imgs));
        if (idsKeep.dim() != 2 || idsKeep.shape[0] != imgs.shape[0])
        {
            throw new ArgumentException($"ids_keep: expected shape [{imgs.shape[0]}, K], found {Shape(idsKeep)}.", nameof(idsKeep));
        }

        using var scope = NewDisposeScope();
        var x = _patchEmbed.forward(imgs);                       // [N, L, D]
        x = KeptScalars.Add(x, _posEmbed[.., 1..]);              // [N, L, D]  position without the cls row
        long n = x.shape[0], d = x.shape[2];

        var index = idsKeep.to_type(ScalarType.Int64).unsqueeze(-1).expand(-1, -1, d); // [N, K, D]
        x = x.gather(1, index);                                  // [N, K, D]  kept tokens, in ids_keep order

        var cls = KeptScalars.Add(_clsToken, _posEmbed[.., ..1]).expand(n, -1, -1); // [N, 1, D]
        x = cat(new[] { cls, x }, 1);                            // [N, 1+K, D]

        foreach (var block in _blocks)
        {
            x = block.forward(x);                                // [N, 1+K, D]; each block frees its own temporaries
        }

        return _norm.forward(x).MoveToOuterDisposeScope();       // [N, 1+K, D]
    }

    /// <summary>
    /// The decoder on all tokens: embed the latent, append mask tokens, unshuffle with ids_restore, add the
    /// decoder position table, the blocks, norm, and project to pixels. latent [N, 1+K, D], ids_restore [N, L]
    /// -> pred [N, L, P] (cls token removed).
    /// </summary>
    public Tensor ForwardDecoder(Tensor latent, Tensor idsRestore)
    {
        if (latent.dim() != 3 || latent.shape[2] != Config.EmbedDim)
        {
            throw new ArgumentException($"latent: expected shape [N, 1+K, {Config.EmbedDim}], found {Shape(latent)}.", nameof(latent));
        }

        if (idsRestore.dim() != 2 || idsRestore.shape[0] != latent.shape[0] || idsRestore.shape[1] != Config.NumPatches)
        {
            throw new ArgumentException($"ids_restore: expected shape [{latent.shape[0]}, {Config.NumPatches}], found {Shape(idsRestore)}.", nameof(idsRestore));
        }

        using var scope = NewDisposeScope();
        var x = _decoderEmbed.forward(latent);                   // [N, 1+K, Dd]
        long n = x.shape[0], dd = x.shape[2], l = idsRestore.shape[1];

        var maskTokens = _maskToken.expand(n, l + 1 - x.shape[1], dd);          // [N, L-K, Dd]
        var tokens = cat(new[] { x[.., 1..], maskTokens }, 1);                   // [N, L, Dd]  shuffled: kept, then removed
        var index = idsRestore.to_type(ScalarType.Int64).unsqueeze(-1).expand(-1, -1, dd); // [N, L, Dd]
        tokens = tokens.gather(1, index);                                        // [N, L, Dd]  patch order
        x = cat(new[] { x[.., ..1], tokens }, 1);                                // [N, 1+L, Dd]

        x = KeptScalars.Add(x, _decoderPosEmbed);                 // [N, 1+L, Dd]
        foreach (var block in _decoderBlocks)
        {
            x = block.forward(x);                                // [N, 1+L, Dd]
        }

        x = _decoderNorm.forward(x);                             // [N, 1+L, Dd]
        x = _decoderPred.forward(x);                             // [N, 1+L, P]
        return x[.., 1..].MoveToOuterDisposeScope();            // [N, L, P]  cls token removed
    }

    /// <summary>
    /// Mean squared error per patch, averaged over the removed patches only (mask = 1). With norm_pix_loss the
    /// target is each patch normalized by its own mean and unbiased variance (+1e-6), as in the reference.
    /// imgs [N, 3, S, S], pred [N, L, P], mask [N, L] -> scalar.
    /// </summary>
    public Tensor ForwardLoss(Tensor imgs, Tensor pred, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var target = Patchify(imgs);                             // [N, L, P]
        if (NormPixLoss)
        {
            var mean = target.mean(new long[] { -1 }, keepdim: true);        // [N, L, 1]
            var variance = target.var(-1, unbiased: true, keepdim: true);   // [N, L, 1] torch.var's default is unbiased
            target = (target - mean) / variance.add(NormPixEps, KeptScalars.One).sqrt(); // explicit alpha: see KeptScalars
        }

        var loss = (pred - target).pow(KeptScalars.Two).mean(new long[] { -1 }); // [N, L]  mean loss per patch; not square(): see KeptScalars
        loss = (loss * mask).sum() / mask.sum();                            // mean over removed patches
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>One training step's forward with the reference's random masking: (loss, pred [N, L, P], mask [N, L]).</summary>
    public (Tensor Loss, Tensor Pred, Tensor Mask) Forward(Tensor imgs, double maskRatio = 0.75, Generator? generator = null)
    {
        CheckImages(imgs, nameof(imgs));
        using var selection = MaskSelection.Random(imgs.shape[0], Config.NumPatches, maskRatio, imgs.device, generator);
        return Forward(imgs, selection);
    }

    /// <summary>The forward with a given selection (e.g. realistic hole masks): (loss, pred [N, L, P], mask [N, L]).</summary>
    /// <remarks>The returned mask is a new handle on <paramref name="selection"/>'s mask; dispose both independently.</remarks>
    public (Tensor Loss, Tensor Pred, Tensor Mask) Forward(Tensor imgs, MaskSelection selection) =>
        Forward(imgs, imgs, selection, selection.Mask);

    /// <summary>
    /// The inpainting forward: the encoder sees <paramref name="inputs"/> (hole pixels blanked), the loss compares
    /// with <paramref name="targets"/> on the patches flagged in <paramref name="lossPatches"/> [N, L]:
    /// (loss, pred [N, L, P], mask [N, L]).
    /// </summary>
    public (Tensor Loss, Tensor Pred, Tensor Mask) Forward(Tensor inputs, Tensor targets, MaskSelection selection, Tensor lossPatches)
    {
        using var scope = NewDisposeScope();
        var latent = ForwardEncoder(inputs, selection.IdsKeep);  // [N, 1+K, D]
        var pred = ForwardDecoder(latent, selection.IdsRestore); // [N, L, P]
        var loss = ForwardLoss(targets, pred, lossPatches);      // scalar
        var mask = selection.Mask.alias();
        return (loss.MoveToOuterDisposeScope(), pred.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Inference: normalized images [B, 3, S, S] and per-tile kept patch ids [B, K] (every tile the same K)
    /// -> the decoder's prediction for every patch, pred [B, L, P] (contiguous, no autograd). Kept-id order
    /// does not matter beyond float rounding; the removed patches are everything not listed.
    /// </summary>
    public Tensor Reconstruct(Tensor normalizedImages, Tensor idsKeep)
    {
        using var noGrad = no_grad();
        using var selection = MaskSelection.FromKept(idsKeep, Config.NumPatches);
        using var latent = ForwardEncoder(normalizedImages, selection.IdsKeep);
        using var pred = ForwardDecoder(latent, selection.IdsRestore);
        return pred.contiguous();
    }

    /// <summary><see cref="Reconstruct(Tensor, Tensor)"/> with the kept ids given per tile.</summary>
    public Tensor Reconstruct(Tensor normalizedImages, IReadOnlyList<IReadOnlyList<int>> keptPerTile)
    {
        using var ids = MaskSelection.KeptTensor(keptPerTile, normalizedImages.device);
        return Reconstruct(normalizedImages, ids);
    }

    /// <summary>
    /// The encoder on per-image context lists (<see cref="MaeConfig.ContextRadius"/>): rows [cls, context ascending],
    /// the cls row cls_token + pos_embed[0], row 1+r patch_embed(ctx[r]) + pos_embed[1+ctx[r]], the blocks with
    /// the padding hidden from attention, the final norm. imgs [N, 3, S, S] -> latent [N, 1+Kmax, D] (padded rows
    /// are finite and meaningless).
    /// </summary>
    public Tensor ForwardEncoder(Tensor imgs, PatchListBatch lists)
    {
        CheckImages(imgs, nameof(imgs));
        CheckLists(imgs, lists);
        using var scope = NewDisposeScope();
        var x = _patchEmbed.forward(imgs);                       // [N, L, D]
        x = KeptScalars.Add(x, _posEmbed[.., 1..]);              // [N, L, D]  position without the cls row
        long n = x.shape[0], d = x.shape[2];

        var index = lists.ContextIds.unsqueeze(-1).expand(-1, -1, d); // [N, Kmax, D]
        x = x.gather(1, index);                                  // [N, Kmax, D]  context tokens, ascending, padded

        var cls = KeptScalars.Add(_clsToken, _posEmbed[.., ..1]).expand(n, -1, -1); // [N, 1, D]
        x = cat(new[] { cls, x }, 1);                            // [N, 1+Kmax, D]
        foreach (var block in _blocks)
        {
            x = block.Forward(x, lists.EncoderKeyBias);          // [N, 1+Kmax, D]
        }

        return _norm.forward(x).MoveToOuterDisposeScope();       // [N, 1+Kmax, D]
    }

    /// <summary>
    /// The masked-queries decoder (<see cref="DecoderKind.MaskedQueries"/>): K0 = decoder_embed(latent) plus the
    /// decoder position of each row (cls: row 0; context r: row 1+ctx[r]) stays fixed; the queries start as
    /// mask_token + decoder_pos_embed[1+query[j]]; each block updates only the queries, attending over K0 and the
    /// queries in one softmax; then decoder_norm and decoder_pred. latent [N, 1+Kmax, D] -> pred [N, Qmax, P].
    /// </summary>
    public Tensor ForwardQueryDecoder(Tensor latent, PatchListBatch lists)
    {
        if (latent.dim() != 3 || latent.shape[2] != Config.EmbedDim || latent.shape[0] != lists.Count || latent.shape[1] != 1 + lists.MaxContext)
        {
            throw new ArgumentException($"latent: expected shape [{lists.Count}, {1 + lists.MaxContext}, {Config.EmbedDim}], found {Shape(latent)}.", nameof(latent));
        }

        using var scope = NewDisposeScope();
        var k0 = _decoderEmbed.forward(latent);                  // [N, 1+Kmax, Dd]
        long n = k0.shape[0], dd = k0.shape[2];
        var patchPos = _decoderPosEmbed[.., 1..].expand(n, -1, -1); // [N, L, Dd]  the table without the cls row
        var contextPos = patchPos.gather(1, lists.ContextIds.unsqueeze(-1).expand(-1, -1, dd)); // [N, Kmax, Dd]
        var clsRow = KeptScalars.Add(k0[.., ..1], _decoderPosEmbed[.., ..1]);                   // [N, 1, Dd]
        k0 = cat(new[] { clsRow, KeptScalars.Add(k0[.., 1..], contextPos) }, 1);               // [N, 1+Kmax, Dd]

        var queryPos = patchPos.gather(1, lists.QueryIds.unsqueeze(-1).expand(-1, -1, dd));     // [N, Qmax, Dd]
        var x = KeptScalars.Add(queryPos, _maskToken);                                          // [N, Qmax, Dd]
        foreach (var block in _decoderBlocks)
        {
            x = block.ForwardQueries(k0, x, lists.DecoderKeyBias); // [N, Qmax, Dd]
        }

        x = _decoderNorm.forward(x);                             // [N, Qmax, Dd]
        return _decoderPred.forward(x).MoveToOuterDisposeScope(); // [N, Qmax, P]
    }

    /// <summary>
    /// The reference decoder (<see cref="DecoderKind.Full"/>) after a context-list encoder: every patch not in an
    /// image's context list is a mask token, then the usual blocks on all 1+L tokens. latent [N, 1+Kmax, D] ->
    /// pred [N, L, P]. With every visible patch as context this is <see cref="ForwardDecoder"/>.
    /// </summary>
    public Tensor ForwardDecoder(Tensor latent, PatchListBatch lists)
    {
        using var scope = NewDisposeScope();
        var x = _decoderEmbed.forward(latent);                   // [N, 1+Kmax, Dd]
        long n = x.shape[0], dd = x.shape[2], l = Config.NumPatches;

        // Padded context rows scatter into a spare slot L that is dropped afterwards.
        using var spare = l.ToScalar();
        var padded = lists.EncoderKeyBias[.., 0, 0, 1..].isinf(); // [N, Kmax]
        var target = lists.ContextIds.masked_fill(padded, spare).unsqueeze(-1).expand(-1, -1, dd); // [N, Kmax, Dd]
        var tokens = _maskToken.expand(n, l + 1, dd).contiguous(); // [N, L+1, Dd]
        tokens = tokens.scatter(1, target, x[.., 1..]);          // [N, L+1, Dd]  context rows in patch order
        x = cat(new[] { x[.., ..1], tokens[.., ..(int)l] }, 1);  // [N, 1+L, Dd]

        x = KeptScalars.Add(x, _decoderPosEmbed);                // [N, 1+L, Dd]
        foreach (var block in _decoderBlocks)
        {
            x = block.forward(x);                                // [N, 1+L, Dd]
        }

        x = _decoderNorm.forward(x);                             // [N, 1+L, Dd]
        x = _decoderPred.forward(x);                             // [N, 1+L, P]
        return x[.., 1..].MoveToOuterDisposeScope();             // [N, L, P]
    }

    /// <summary>
    /// Mean squared error per patch averaged over the valid queries of the whole batch (an image without queries
    /// adds nothing; a batch without any gives 0). Targets as <see cref="ForwardLoss"/>, including norm_pix.
    /// imgs [N, 3, S, S], pred [N, Qmax, P] -> scalar.
    /// </summary>
    public Tensor ForwardQueryLoss(Tensor imgs, Tensor pred, PatchListBatch lists)
    {
        using var scope = NewDisposeScope();
        var target = Patchify(imgs);                             // [N, L, P]
        if (NormPixLoss)
        {
            var mean = target.mean(new long[] { -1 }, keepdim: true);        // [N, L, 1]
            var variance = target.var(-1, unbiased: true, keepdim: true);   // [N, L, 1]
            target = (target - mean) / variance.add(NormPixEps, KeptScalars.One).sqrt();
        }

        target = target.gather(1, lists.QueryIds.unsqueeze(-1).expand(-1, -1, target.shape[2])); // [N, Qmax, P]
        var loss = (pred - target).pow(KeptScalars.Two).mean(new long[] { -1 }); // [N, Qmax]
        var valid = lists.QueryValid;                                             // [N, Qmax]
        loss = (loss * valid).sum() / valid.sum().clamp_min(KeptScalars.One);     // no queries: 0, not 0/0
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The masked-queries training forward: the encoder sees <paramref name="inputs"/>' context patches, the decoder
    /// predicts the query patches, the loss compares with <paramref name="targets"/>: (loss, pred [N, Qmax, P]).
    /// </summary>
    public (Tensor Loss, Tensor Pred) ForwardQueries(Tensor inputs, Tensor targets, PatchListBatch lists)
    {
        using var scope = NewDisposeScope();
        var latent = ForwardEncoder(inputs, lists);              // [N, 1+Kmax, D]
        var pred = Config.Decoder == DecoderKind.MaskedQueries
            ? ForwardQueryDecoder(latent, lists)                 // [N, Qmax, P]
            : GatherQueries(ForwardDecoder(latent, lists), lists); // [N, Qmax, P]
        var loss = ForwardQueryLoss(targets, pred, lists);
        return (loss.MoveToOuterDisposeScope(), pred.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Inference on per-tile context and query lists (<c>PatchPlan.ForTile</c>'s): normalized images [B, 3, S, S]
    /// -> pred [B, Qmax, P] (contiguous, no autograd), row j of tile b the prediction of patch query[b][j]; rows
    /// past a tile's query count are unspecified. Uses the config's decoder; for <see cref="DecoderKind.Full"/> the
    /// patches outside the context are mask tokens, so every visible patch as context equals <see cref="Reconstruct(Tensor, Tensor)"/>.
    /// </summary>
    public Tensor ReconstructQueries(Tensor normalizedImages, IReadOnlyList<int[]> context, IReadOnlyList<int[]> query)
    {
        using var noGrad = no_grad();
        using var lists = PatchListBatch.Create(context, query, Config.NumPatches, normalizedImages.device);
        using var scope = NewDisposeScope();
        var latent = ForwardEncoder(normalizedImages, lists);
        var pred = Config.Decoder == DecoderKind.MaskedQueries
            ? ForwardQueryDecoder(latent, lists)
            : GatherQueries(ForwardDecoder(latent, lists), lists);
        return pred.contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>pred [N, L, P] -> the query rows [N, Qmax, P].</summary>
    private static Tensor GatherQueries(Tensor pred, PatchListBatch lists) =>
        pred.gather(1, lists.QueryIds.unsqueeze(-1).expand(-1, -1, pred.shape[2]));

    private static void CheckLists(Tensor imgs, PatchListBatch lists)
    {
        if (lists.Count != imgs.shape[0])
        {
            throw new ArgumentException($"Expected patch lists for {imgs.shape[0]} images, found {lists.Count}.", nameof(lists));
        }
    }

    /// <summary>Pixels in [0, 1], [N, 3, S, S] -> (x - mean) / std per channel with the config's statistics.</summary>
    public Tensor NormalizeImages(Tensor pixels)
    {
        using var scope = NewDisposeScope();
        var (mean, std) = Statistics(pixels);
        return ((pixels - mean) / std).MoveToOuterDisposeScope();
    }

    /// <summary>Normalized images [N, 3, S, S] -> pixels: x * std + mean per channel (not clipped).</summary>
    public Tensor DenormalizeImages(Tensor normalized)
    {
        using var scope = NewDisposeScope();
        var (mean, std) = Statistics(normalized);
        return KeptScalars.Add(normalized.mul(std), mean).MoveToOuterDisposeScope();
    }

    private (Tensor Mean, Tensor Std) Statistics(Tensor like)
    {
        var mean = tensor(Config.Mean, new long[] { 1, 3, 1, 1 }, like.dtype, like.device);
        var std = tensor(Config.Std, new long[] { 1, 3, 1, 1 }, like.dtype, like.device);
        return (mean, std);
    }

    private void CheckImages(Tensor imgs, string name)
    {
        int s = Config.ImageSize;
        if (imgs.dim() != 4 || imgs.shape[1] != 3 || imgs.shape[2] != s || imgs.shape[3] != s)
        {
            throw new ArgumentException($"{name}: expected shape [N, 3, {s}, {s}], found {Shape(imgs)}.", name);
        }
    }

    private static string Shape(Tensor t) => TensorSpec.FormatShape(t.shape.Select(v => (int)v));
}
