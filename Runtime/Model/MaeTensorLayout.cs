namespace MaeRealtime.Runtime.Model;

/// <summary>
/// The tensors of a weight file, in file order, with the names of the reference implementation's
/// state dict. Every shape is the reference's, except <c>patch_embed.proj.weight</c>: the reference
/// stores a conv kernel [D, 3, p, p]; the weight file stores it as a GEMM matrix [D, p*p*3] whose columns
/// follow the patchify order <c>(ky*p + kx)*3 + c</c>, so patch embedding is a plain GEMM on patchified pixels.
/// </summary>
public static class MaeTensorLayout
{
    /// <summary>All tensors a weight file for <paramref name="c"/> must hold, in file order.</summary>
    public static IReadOnlyList<TensorSpec> Expected(MaeConfig c)
    {
        int d = c.EmbedDim, dd = c.DecoderEmbedDim, tokens = c.NumPatches + 1;
        var list = new List<TensorSpec>
        {
            new("cls_token", [1, 1, d], false),
            new("pos_embed", [1, tokens, d], false),
            new("patch_embed.proj.weight", [d, c.PatchValues], true),
            new("patch_embed.proj.bias", [d], false),
        };
        for (int i = 0; i < c.Depth; i++)
        {
            AddBlock(list, $"blocks.{i}", d, c.MlpHidden);
        }

        list.Add(new("norm.weight", [d], false));
        list.Add(new("norm.bias", [d], false));
        list.Add(new("decoder_embed.weight", [dd, d], true));
        list.Add(new("decoder_embed.bias", [dd], false));
        list.Add(new("mask_token", [1, 1, dd], false));
        list.Add(new("decoder_pos_embed", [1, tokens, dd], false));
        for (int i = 0; i < c.DecoderDepth; i++)
        {
            AddBlock(list, $"decoder_blocks.{i}", dd, c.DecoderMlpHidden);
        }

        list.Add(new("decoder_norm.weight", [dd], false));
        list.Add(new("decoder_norm.bias", [dd], false));
        list.Add(new("decoder_pred.weight", [c.PatchValues, dd], true));
        list.Add(new("decoder_pred.bias", [c.PatchValues], false));
        return list;
    }

    private static void AddBlock(List<TensorSpec> list, string prefix, int dim, int hidden)
    {
        list.Add(new($"{prefix}.norm1.weight", [dim], false));
        list.Add(new($"{prefix}.norm1.bias", [dim], false));
        list.Add(new($"{prefix}.attn.qkv.weight", [3 * dim, dim], true));
        list.Add(new($"{prefix}.attn.qkv.bias", [3 * dim], false));
        list.Add(new($"{prefix}.attn.proj.weight", [dim, dim], true));
        list.Add(new($"{prefix}.attn.proj.bias", [dim], false));
        list.Add(new($"{prefix}.norm2.weight", [dim], false));
        list.Add(new($"{prefix}.norm2.bias", [dim], false));
        list.Add(new($"{prefix}.mlp.fc1.weight", [hidden, dim], true));
        list.Add(new($"{prefix}.mlp.fc1.bias", [hidden], false));
        list.Add(new($"{prefix}.mlp.fc2.weight", [dim, hidden], true));
        list.Add(new($"{prefix}.mlp.fc2.bias", [dim], false));
    }
}
