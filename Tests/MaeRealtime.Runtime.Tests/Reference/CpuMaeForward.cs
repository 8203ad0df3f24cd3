using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Runtime.Tests.Reference;

/// <summary>
/// The whole MAE inpainting forward pass on the CPU, chained from <see cref="CpuKernels"/> in exactly
/// the order the Vulkan forward dispatches its kernels, so the two can be compared end to end and, on a
/// mismatch, stage by stage.
/// </summary>
public static class CpuMaeForward
{
    /// <summary>
    /// Runs the model on <paramref name="batch"/> tiles.
    /// </summary>
    /// <param name="weights">The model; matrices may be fp16 (they are widened exactly).</param>
    /// <param name="images">[B, S, S, 3] RGB in [0, 1].</param>
    /// <param name="holes">[B, S, S]; &gt;= 0.5 marks a pixel to fill.</param>
    /// <param name="idsKeep">[B, Lk]: visible patches of each tile, first count[b] entries valid.</param>
    /// <param name="idsRestore">[B, L]: for each patch its encoder row among the visible ones, or &gt;= count[b] when masked.</param>
    /// <param name="count">[B]: visible patches per tile.</param>
    /// <param name="batch">B.</param>
    /// <returns>The unclipped reconstruction and the composite, both [B, S, S, 3].</returns>
    public static (float[] Recon, float[] Composite) Run(
        WeightFile weights, float[] images, float[] holes, uint[] idsKeep, uint[] idsRestore, uint[] count, int batch)
    {
        var c = weights.Config;
        int s = c.ImageSize, p = c.PatchSize, l = c.NumPatches, pv = c.PatchValues;
        int d = c.EmbedDim, dd = c.DecoderEmbedDim;
        int lk = idsKeep.Length / batch;
        int t = 1 + lk, td = 1 + l;
        float[] W(string name) => weights.ReadFloats(name);

        // Encoder on the cls token + visible patches only: [B, T, D].
        var patches = CpuKernels.GatherPatches(images, holes, idsKeep, count, batch, lk, s, p, c.Mean, c.Std);
        var embedded = CpuKernels.Gemm(patches, W("patch_embed.proj.weight"), W("patch_embed.proj.bias"), null, batch * lk, d, pv, false);
        var x = CpuKernels.AddPosition(embedded, W("cls_token"), W("pos_embed"), idsKeep, count, batch, lk, d);
        for (int i = 0; i < c.Depth; i++)
        {
            x = Block(weights, $"blocks.{i}", x, count, batch, t, d, c.NumHeads, c.MlpHidden, c.LayerNormEps);
        }

        x = CpuKernels.LayerNorm(x, W("norm.weight"), W("norm.bias"), batch * t, d, c.LayerNormEps);

        // Decoder on every patch, mask tokens where the encoder saw nothing: [B, Td, Dd].
        var ed = CpuKernels.Gemm(x, W("decoder_embed.weight"), W("decoder_embed.bias"), null, batch * t, dd, d, false);
        var xd = CpuKernels.ScatterMaskTokens(ed, W("mask_token"), W("decoder_pos_embed"), idsRestore, count, batch, t, l, dd);
        for (int i = 0; i < c.DecoderDepth; i++)
        {
            xd = Block(weights, $"decoder_blocks.{i}", xd, null, batch, td, dd, c.DecoderNumHeads, c.DecoderMlpHidden, c.LayerNormEps);
        }

        xd = CpuKernels.LayerNorm(xd, W("decoder_norm.weight"), W("decoder_norm.bias"), batch * td, dd, c.LayerNormEps);
        var pred = CpuKernels.Gemm(xd, W("decoder_pred.weight"), W("decoder_pred.bias"), null, batch * td, pv, dd, false);
        return CpuKernels.UnpatchifyComposite(pred, images, holes, batch, s, p, c.Mean, c.Std);
    }

    // timm Block, pre-norm: x += proj(attn(norm1(x))); x += fc2(gelu(fc1(norm2(x)))).
    // count != null limits attention to each tile's 1 + count[b] valid encoder rows.
    private static float[] Block(
        WeightFile weights, string prefix, float[] x, uint[]? count, int batch, int tokens, int dim, int heads, int hidden, float eps)
    {
        float[] W(string name) => weights.ReadFloats($"{prefix}.{name}");
        int rows = batch * tokens;
        float scale = (float)(1.0 / Math.Sqrt(dim / heads));

        var h = CpuKernels.LayerNorm(x, W("norm1.weight"), W("norm1.bias"), rows, dim, eps);
        var qkv = CpuKernels.Gemm(h, W("attn.qkv.weight"), W("attn.qkv.bias"), null, rows, 3 * dim, dim, false);
        var attended = CpuKernels.Attention(qkv, count, batch, tokens, dim, heads, scale);
        x = CpuKernels.Gemm(attended, W("attn.proj.weight"), W("attn.proj.bias"), x, rows, dim, dim, false);

        h = CpuKernels.LayerNorm(x, W("norm2.weight"), W("norm2.bias"), rows, dim, eps);
        h = CpuKernels.Gemm(h, W("mlp.fc1.weight"), W("mlp.fc1.bias"), null, rows, hidden, dim, true);
        return CpuKernels.Gemm(h, W("mlp.fc2.weight"), W("mlp.fc2.bias"), x, rows, dim, hidden, false);
    }
}
