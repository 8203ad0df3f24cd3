namespace MaeRealtime.Runtime.Model;

/// <summary>Named architectures used by the tools (benchmarks, training defaults, parity checks).</summary>
public static class MaeConfigPresets
{
    /// <summary>All presets by name.</summary>
    public static IReadOnlyDictionary<string, MaeConfig> All { get; } = new Dictionary<string, MaeConfig>(StringComparer.OrdinalIgnoreCase)
    {
        // The golden fixture's shape: a smoke-test model.
        ["tiny"] = new() { ImageSize = 32, PatchSize = 8, EmbedDim = 48, Depth = 2, NumHeads = 3, DecoderEmbedDim = 32, DecoderDepth = 1, DecoderNumHeads = 2 },
        // The runtime-core parity config: patch 8, 128 px, 192 x 4 (3 heads), decoder 128 x 2 (4 heads).
        ["parity"] = new() { ImageSize = 128, PatchSize = 8, EmbedDim = 192, Depth = 4, NumHeads = 3, DecoderEmbedDim = 128, DecoderDepth = 2, DecoderNumHeads = 4 },
        // The default product model: ViT-Tiny width, 6 blocks; about 3M parameters.
        ["small"] = new() { ImageSize = 128, PatchSize = 8, EmbedDim = 192, Depth = 6, NumHeads = 3, DecoderEmbedDim = 128, DecoderDepth = 2, DecoderNumHeads = 4 },
        // The reference's mae_vit_base_patch16 at 224 px (for benchmarks of imported checkpoints).
        ["vit-base"] = new() { ImageSize = 224, PatchSize = 16, EmbedDim = 768, Depth = 12, NumHeads = 12, DecoderEmbedDim = 512, DecoderDepth = 8, DecoderNumHeads = 16 },
    };

    /// <summary>The preset named <paramref name="name"/>, or an exception listing the names.</summary>
    public static MaeConfig Get(string name) =>
        All.TryGetValue(name, out var c) ? c : throw new ArgumentException($"Unknown model preset '{name}'; known: {string.Join(", ", All.Keys)}.");
}
