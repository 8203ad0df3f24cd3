using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Inspect;

/// <summary>
/// Size and cost of a model, as <c>mae inspect</c> and <c>mae bench</c> report them. FLOPs count a multiply-add as 2
/// and cover the GEMMs and attention of the forward the runtime runs; LayerNorm, softmax, GELU, residual adds and the
/// composite are O(tokens x width) and left out (a few percent). A tile's forward depends on its plan
/// (<see cref="PatchPlan"/>): K context patches (T = K + 1 encoder rows, the cls row included: the runtime embeds it
/// too) and Q masked patches (queries); P = p*p*3, L patches, Td = L + 1:
/// <code>
/// block(n, w, h) = 2n(3w² + w² + 2wh)   qkv, proj, fc1, fc2
///                + 4n²w                  QKᵀ and AV over all heads
/// FLOPs = 2·T·P·D                        patch embed
///       + depth × block(T, D, mlp·D)     encoder on the cls + context rows only
///       + 2·T·D·Dd                       decoder embed
/// full decoder:   + ddepth × block(Td, Dd, mlp·Dd) + 2·Td·Dd·P
/// masked queries: + ddepth × (2·T·Dd·2Dd                       k, v of the encoder's rows
///                             + 2Q(3Dd² + Dd² + 2·Dd·mlp·Dd)   the queries' qkv, proj, fc1, fc2
///                             + 4·Q·(T + Q)·Dd)                QKᵀ and AV over the encoder's rows and the queries
///                 + 2·Q·Dd·P
/// </code>
/// </summary>
public static class ModelCost
{
    /// <summary>The hole fraction <c>mae inspect</c> quotes FLOPs at: a quarter of the patches masked.</summary>
    public const double ReferenceHoleFraction = 0.25;

    // The fixed sin-cos tables are stored but not learned; parameter counts leave them out.
    private static readonly HashSet<string> FixedTables = new(StringComparer.Ordinal) { "pos_embed", "decoder_pos_embed" };

    /// <summary>Learned values: every tensor of the layout except the fixed position tables.</summary>
    public static long ParameterCount(MaeConfig config) =>
        MaeTensorLayout.Expected(config).Where(s => !FixedTables.Contains(s.Name)).Sum(s => s.ElementCount);

    /// <summary>Visible patches of a tile when <paramref name="holeFraction"/> of its patches are masked.</summary>
    public static int VisiblePatches(MaeConfig config, double holeFraction) =>
        config.NumPatches - (int)Math.Round(Math.Clamp(holeFraction, 0, 1) * config.NumPatches, MidpointRounding.AwayFromZero);

    /// <summary>
    /// FLOPs of one tile's forward with <paramref name="holeFraction"/> of the patches masked and every other patch in
    /// the context (radius 0), the figure <c>mae inspect</c> quotes.
    /// </summary>
    public static double FlopsPerTile(MaeConfig config, double holeFraction = ReferenceHoleFraction)
    {
        int visible = VisiblePatches(config, holeFraction);
        return FlopsPerTile(config, visible, config.NumPatches - visible);
    }

    /// <summary>FLOPs of one tile's forward with <paramref name="context"/> context patches and <paramref name="queries"/> masked patches (formula in the class summary).</summary>
    public static double FlopsPerTile(MaeConfig config, int context, int queries)
    {
        double t = context + 1, q = queries, td = config.NumPatches + 1;
        double p = config.PatchValues, d = config.EmbedDim, dd = config.DecoderEmbedDim, hd = config.DecoderMlpHidden;
        double encoder = (2 * t * p * d) + (config.Depth * Block(t, d, config.MlpHidden)) + (2 * t * d * dd);
        double decoder = config.Decoder == DecoderKind.Full
            ? (config.DecoderDepth * Block(td, dd, hd)) + (2 * td * dd * p)
            : (config.DecoderDepth * ((2 * t * dd * 2 * dd) + (2 * q * ((4 * dd * dd) + (2 * dd * hd))) + (4 * q * (t + q) * dd))) + (2 * q * dd * p);
        return encoder + decoder;
    }

    /// <summary>
    /// GEMM FLOPs of one extra row through the encoder (<paramref name="queryRow"/> false) or the decoder's query rows:
    /// the work an indirect pass spends on the rows it rounds its row counts up to.
    /// </summary>
    public static double FlopsPerPaddingRow(MaeConfig config, bool queryRow)
    {
        double p = config.PatchValues, d = config.EmbedDim, dd = config.DecoderEmbedDim;
        return queryRow
            ? (config.DecoderDepth * 2 * ((4 * dd * dd) + (2 * dd * config.DecoderMlpHidden))) + (2 * dd * p)
            : (2 * p * d) + (config.Depth * 2 * ((4 * d * d) + (2 * d * config.MlpHidden))) + (2 * d * dd)
                + (config.Decoder == DecoderKind.MaskedQueries ? config.DecoderDepth * 2 * dd * 2 * dd : 0);
    }

    /// <summary>Bytes of the weights buffer on the GPU (the data section, padded as <see cref="GpuWeights"/> allocates it).</summary>
    public static long WeightBufferBytes(long dataLength) => Math.Max(4, WeightFileFormat.Align(dataLength));

    /// <summary>Bytes the forward allocates for <paramref name="tiles"/> tiles besides the weights (<see cref="MaeForward.ArenaBytes"/>).</summary>
    public static long ActivationBytes(MaeConfig config, int tiles) => MaeForward.ArenaBytes(config, tiles);

    /// <summary>
    /// Compulsory activation bytes of one tile's forward (each tensor written once and read once per use; the weights and
    /// the frame's images not counted), with the transient tensors in fp16 when <paramref name="halfActivations"/>
    /// (Runtime/Inference/ActivationPrecision.cs). Per row and block of width w and MLP width h: the fp32 residual
    /// stream moves 10w values (both LayerNorms read it three times, the two residual GEMMs read and write it), the
    /// transient tensors 12w + 2h (LayerNorm outputs, q/k/v written and read, k and v read once per block of queries,
    /// the attention output, the MLP hidden layer).
    /// </summary>
    public static double ActivationBytesPerTile(MaeConfig config, int context, int queries, bool halfActivations)
    {
        double t = context + 1, q = queries, td = config.NumPatches + 1;
        double p = config.PatchValues, d = config.EmbedDim, dd = config.DecoderEmbedDim;
        double transientBytes = halfActivations ? 2 : 4;
        (double Full, double Transient) BlockRow(double w, double h) => (10 * w, (12 * w) + (2 * h));

        // Encoder rows: patches gathered and embedded, position added, blocks, final LayerNorm, decoder embed.
        var enc = BlockRow(d, config.MlpHidden);
        double full = t * ((2 * p) + (3 * d) + (config.Depth * enc.Full) + (3 * d) + dd);
        double transient = t * ((config.Depth * enc.Transient) + d + d);
        var dec = BlockRow(dd, config.DecoderMlpHidden);
        if (config.Decoder == DecoderKind.Full)
        {
            // Mask tokens scattered, blocks on every row, final LayerNorm, prediction written and composited.
            full += td * (dd + (config.DecoderDepth * dec.Full) + (3 * dd) + (2 * p));
            transient += td * ((config.DecoderDepth * dec.Transient) + dd + dd);
        }
        else
        {
            // Key rows: position added; per block a LayerNorm and their k, v, read once by the queries' attention.
            full += t * ((2 * dd) + (config.DecoderDepth * 3 * dd));
            transient += t * config.DecoderDepth * 6 * dd;
            // Query rows: tokens written, blocks, final LayerNorm, prediction written and composited.
            full += q * (dd + (config.DecoderDepth * dec.Full) + (3 * dd) + (2 * p));
            transient += q * ((config.DecoderDepth * dec.Transient) + dd + dd);
        }

        return (4 * full) + (transientBytes * transient);
    }

    private static double Block(double n, double w, double hidden) =>
        (2 * n * ((4 * w * w) + (2 * w * hidden))) + (4 * n * n * w);
}
