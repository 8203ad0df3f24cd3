using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Inspect;

/// <summary>
/// Size and cost of a model, as <c>mae inspect</c> reports them. FLOPs count a multiply-add as 2 and cover the
/// GEMMs and attention of the forward the runtime runs; LayerNorm, softmax, GELU, residual adds and the composite are
/// O(tokens x width) and left out (a few percent). With L patches per tile, Lv of them visible, P = p*p*3,
/// T = Lv + 1 encoder tokens and Td = L + 1 decoder tokens:
/// <code>
/// block(n, w, h) = 2n(3w² + w² + 2wh)   qkv, proj, fc1, fc2
///                + 4n²w                  QKᵀ and AV over all heads
/// FLOPs = 2·Lv·P·D                       patch embed (visible patches only: the MAE asymmetry)
///       + depth × block(T, D, mlp·D)     encoder on visible tokens
///       + 2·T·D·Dd                       decoder embed
///       + ddepth × block(Td, Dd, mlp·Dd) decoder on all tokens
///       + 2·Td·Dd·P                      prediction
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

    /// <summary>FLOPs of one tile's forward with <paramref name="holeFraction"/> of the patches masked (formula in the class summary).</summary>
    public static double FlopsPerTile(MaeConfig config, double holeFraction = ReferenceHoleFraction)
    {
        double lv = VisiblePatches(config, holeFraction), t = lv + 1, td = config.NumPatches + 1;
        double p = config.PatchValues, d = config.EmbedDim, dd = config.DecoderEmbedDim;
        return (2 * lv * p * d)
            + (config.Depth * Block(t, d, config.MlpHidden))
            + (2 * t * d * dd)
            + (config.DecoderDepth * Block(td, dd, config.DecoderMlpHidden))
            + (2 * td * dd * p);
    }

    /// <summary>Bytes of the weights buffer on the GPU (the data section, padded as <see cref="GpuWeights"/> allocates it).</summary>
    public static long WeightBufferBytes(long dataLength) => Math.Max(4, WeightFileFormat.Align(dataLength));

    /// <summary>Bytes the forward allocates for <paramref name="tiles"/> tiles besides the weights (<see cref="MaeForward.ArenaBytes"/>).</summary>
    public static long ActivationBytes(MaeConfig config, int tiles) => MaeForward.ArenaBytes(config, tiles);

    private static double Block(double n, double w, double hidden) =>
        (2 * n * ((4 * w * w) + (2 * w * hidden))) + (4 * n * n * w);
}
