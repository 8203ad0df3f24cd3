namespace MaeRealtime.Editor.Import;

/// <summary>
/// Attention head counts are not stored in a state dict (qkv is one [3D, D] matrix whatever the split), so a
/// conversion takes them from the known model families by width, and <c>--heads</c> / <c>--decoder-heads</c>
/// override them for anything else. Wrong heads give a model that loads and runs but predicts garbage, which is
/// why an unknown width is refused rather than guessed.
/// </summary>
public static class HeadDefaults
{
    /// <summary>Known widths and their heads: the reference's ViT-Base/Large/Huge encoders and 512-wide decoders, and this project's small models.</summary>
    public static IReadOnlyDictionary<int, int> ByWidth { get; } = new Dictionary<int, int>
    {
        [1280] = 16, // ViT-Huge (mae_vit_huge_patch14)
        [1024] = 16, // ViT-Large (mae_vit_large_patch16)
        [768] = 12,  // ViT-Base (mae_vit_base_patch16)
        [512] = 16,  // the reference's decoder (decoder_embed_dim 512, decoder_num_heads 16)
        [192] = 3,   // our small/parity encoders (ViT-Tiny width)
        [128] = 4,   // our small/parity decoders
        [48] = 3,    // the golden fixture's and the tiny preset's encoder
        [32] = 2,    // the golden fixture's and the tiny preset's decoder
    };

    /// <summary>The default head count for <paramref name="width"/>, or null when the width is not a known family.</summary>
    public static int? For(int width) => ByWidth.TryGetValue(width, out int heads) ? heads : null;
}
