using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Import;

/// <summary>
/// What a conversion cannot read from tensor shapes alone. Every field takes part in the cache key of
/// <see cref="CheckpointImporter.ImportCached"/>, so changing one converts again.
/// </summary>
public sealed record ImportOptions
{
    /// <summary>Encoder attention heads; null: the default for the encoder width (<see cref="HeadDefaults"/>).</summary>
    public int? NumHeads { get; init; }

    /// <summary>Decoder attention heads; null: the default for the decoder width (<see cref="HeadDefaults"/>).</summary>
    public int? DecoderNumHeads { get; init; }

    /// <summary>Store the GEMM matrices as fp16 (half the size; the runtime's fp16 path). Everything else stays fp32.</summary>
    public bool Fp16 { get; init; }

    /// <summary>How hole pixels are filled from the prediction (<see cref="MaeConfig.Fill"/>); null: what the checkpoint records, else <see cref="HoleFill.Prediction"/>.</summary>
    public HoleFill? Fill { get; init; }

    /// <summary>
    /// What the decoder was trained to predict, when the caller knows it (<c>--norm-pix</c> / <c>--raw-pix</c>).
    /// Null: what the checkpoint records (the reference's <c>args.norm_pix_loss</c>, our trainer's config), else what
    /// the file name implies (the reference's <c>mae_pretrain_vit_*_full</c> were trained with norm_pix_loss), else raw pixels.
    /// </summary>
    public PixelTarget? Target { get; init; }

    /// <summary>Per-channel RGB mean the model was trained with; null: what the checkpoint records, else ImageNet's (the reference's).</summary>
    public float[]? Mean { get; init; }

    /// <summary>Per-channel RGB standard deviation the model was trained with; null: what the checkpoint records, else ImageNet's.</summary>
    public float[]? Std { get; init; }

    /// <summary>A stable text of every field, for the cache key.</summary>
    internal string CanonicalText() => string.Join(
        ";",
        $"heads={NumHeads?.ToString() ?? "auto"}",
        $"decoder-heads={DecoderNumHeads?.ToString() ?? "auto"}",
        $"fp16={Fp16}",
        $"fill={Fill?.ToString() ?? "auto"}",
        $"target={Target?.ToString() ?? "auto"}",
        $"mean={Floats(Mean)}",
        $"std={Floats(Std)}");

    private static string Floats(float[]? values) =>
        values is null ? "auto" : string.Join(",", values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
}
