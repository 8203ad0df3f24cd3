using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Cli;

/// <summary>How the commands describe a config in one line, so convert, inspect and validate read alike.</summary>
internal static class ConfigText
{
    /// <summary>Tile, patch, widths, depths, heads and MLP ratio.</summary>
    public static string Architecture(MaeConfig c) =>
        $"{c.ImageSize} px tiles, patch {c.PatchSize}{(c.PatchSize > 0 ? $" ({c.NumPatches} patches)" : string.Empty)}, " // a damaged file may say patch 0
        + $"encoder {c.EmbedDim} x {c.Depth} blocks ({c.NumHeads} heads), "
        + $"decoder {c.DecoderEmbedDim} x {c.DecoderDepth} blocks ({c.DecoderNumHeads} heads), MLP ratio {c.MlpRatio:0.###}";

    /// <summary>The pixel target in words.</summary>
    public static string Target(PixelTarget target) => target switch
    {
        PixelTarget.Normalized => "raw pixels",
        PixelTarget.PerPatchNormalized => "per-patch normalized pixels (norm-pix; cannot fill holes faithfully)",
        _ => $"unknown ({(int)target})",
    };
}
