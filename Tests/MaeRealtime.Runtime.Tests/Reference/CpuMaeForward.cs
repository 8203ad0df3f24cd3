using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Runtime.Tests.Reference;

/// <summary>
/// The whole MAE inpainting forward pass on the CPU, one tile at a time in plain per-tile arrays (no packing, no
/// row tables), from <see cref="CpuKernels"/>: an independent statement of what the Vulkan forward computes with
/// either decoder (Shaders/KERNELS.md, docs/ARCHITECTURE.md), so the two can be compared end to end.
/// </summary>
public static class CpuMaeForward
{
    /// <summary>
    /// Runs the model on every tile of <paramref name="masking"/>.
    /// </summary>
    /// <param name="weights">The model; matrices may be fp16 (they are widened exactly).</param>
    /// <param name="images">[B, S, S, 3] RGB in [0, 1].</param>
    /// <param name="holes">[B, S, S]; &gt;= 0.5 marks a pixel to fill.</param>
    /// <param name="masking">Per tile the context the encoder sees and the queries the decoder fills.</param>
    /// <returns>The unclipped reconstruction (a patch without a prediction reconstructs as the input) and the composite, both [B, S, S, 3].</returns>
    public static (float[] Recon, float[] Composite) Run(WeightFile weights, float[] images, float[] holes, TileMasking masking)
    {
        var c = weights.Config;
        int s = c.ImageSize, p = c.PatchSize, g = c.GridSize, l = c.NumPatches, pv = c.PatchValues;
        int d = c.EmbedDim, dd = c.DecoderEmbedDim;
        float[] W(string name) => weights.ReadFloats(name);
        var recon = new float[images.Length];
        var output = new float[images.Length];
        for (int b = 0; b < masking.Tiles; b++)
        {
            var ctx = masking.Keep[b];
            var qry = masking.Query[b];
            var image = images.AsSpan(b * s * s * 3, s * s * 3).ToArray();
            var hole = holes.AsSpan(b * s * s, s * s).ToArray();

            // Encoder on the cls token + the context patches: [1 + K, D].
            int t = 1 + ctx.Length;
            var patches = new float[ctx.Length * pv];
            for (int r = 0; r < ctx.Length; r++)
            {
                int py = ctx[r] / g, px = ctx[r] % g;
                for (int ky = 0; ky < p; ky++)
                {
                    for (int kx = 0; kx < p; kx++)
                    {
                        int pixel = (((py * p) + ky) * s) + (px * p) + kx;
                        for (int ch = 0; ch < 3; ch++)
                        {
                            float v = hole[pixel] >= 0.5f ? 0f : image[(pixel * 3) + ch];
                            patches[(r * pv) + (((ky * p) + kx) * 3) + ch] = (v - c.Mean[ch]) / c.Std[ch];
                        }
                    }
                }
            }

            var embedded = CpuKernels.Gemm(patches, W("patch_embed.proj.weight"), W("patch_embed.proj.bias"), null, ctx.Length, d, pv, false);
            var pos = W("pos_embed");
            var cls = W("cls_token");
            var x = new float[t * d];
            for (int e = 0; e < d; e++)
            {
                x[e] = cls[e] + pos[e];
            }

            for (int r = 0; r < ctx.Length; r++)
            {
                for (int e = 0; e < d; e++)
                {
                    x[((1 + r) * d) + e] = embedded[(r * d) + e] + pos[((1 + ctx[r]) * d) + e];
                }
            }

            for (int i = 0; i < c.Depth; i++)
            {
                x = Block(weights, $"blocks.{i}", x, x, t, d, c.NumHeads, c.MlpHidden, c.LayerNormEps);
            }

            x = CpuKernels.LayerNorm(x, W("norm.weight"), W("norm.bias"), t, d, c.LayerNormEps);
            var ed = CpuKernels.Gemm(x, W("decoder_embed.weight"), W("decoder_embed.bias"), null, t, dd, d, false);
            var dpos = W("decoder_pos_embed");
            var mask = W("mask_token");

            // Per patch, its prediction row (or -1) in `pred`.
            var predRow = new int[l];
            Array.Fill(predRow, -1);
            float[] pred;
            if (c.Decoder == DecoderKind.Full)
            {
                // Every patch: its embedded encoder row when the encoder saw it, else the mask token; all 1 + L rows decoded.
                var rowOf = new int[l];
                Array.Fill(rowOf, -1);
                for (int r = 0; r < ctx.Length; r++)
                {
                    rowOf[ctx[r]] = 1 + r;
                }

                int td = 1 + l;
                var xd = new float[td * dd];
                for (int row = 0; row < td; row++)
                {
                    for (int e = 0; e < dd; e++)
                    {
                        float token = row == 0 ? ed[e] : rowOf[row - 1] >= 0 ? ed[(rowOf[row - 1] * dd) + e] : mask[e];
                        xd[(row * dd) + e] = token + dpos[(row * dd) + e];
                    }
                }

                for (int i = 0; i < c.DecoderDepth; i++)
                {
                    xd = Block(weights, $"decoder_blocks.{i}", xd, xd, td, dd, c.DecoderNumHeads, c.DecoderMlpHidden, c.LayerNormEps);
                }

                xd = CpuKernels.LayerNorm(xd, W("decoder_norm.weight"), W("decoder_norm.bias"), td, dd, c.LayerNormEps);
                pred = CpuKernels.Gemm(xd, W("decoder_pred.weight"), W("decoder_pred.bias"), null, td, pv, dd, false);
                for (int i = 0; i < l; i++)
                {
                    predRow[i] = 1 + i;
                }
            }
            else
            {
                // Keys: the embedded encoder rows + position, fixed; queries: mask token + position, refined.
                var keys = new float[t * dd];
                for (int row = 0; row < t; row++)
                {
                    int at = row == 0 ? 0 : 1 + ctx[row - 1];
                    for (int e = 0; e < dd; e++)
                    {
                        keys[(row * dd) + e] = ed[(row * dd) + e] + dpos[(at * dd) + e];
                    }
                }

                var xq = new float[qry.Length * dd];
                for (int j = 0; j < qry.Length; j++)
                {
                    for (int e = 0; e < dd; e++)
                    {
                        xq[(j * dd) + e] = mask[e] + dpos[((1 + qry[j]) * dd) + e];
                    }

                    predRow[qry[j]] = j;
                }

                for (int i = 0; i < c.DecoderDepth; i++)
                {
                    xq = Block(weights, $"decoder_blocks.{i}", keys, xq, qry.Length, dd, c.DecoderNumHeads, c.DecoderMlpHidden, c.LayerNormEps);
                }

                xq = CpuKernels.LayerNorm(xq, W("decoder_norm.weight"), W("decoder_norm.bias"), qry.Length, dd, c.LayerNormEps);
                pred = CpuKernels.Gemm(xq, W("decoder_pred.weight"), W("decoder_pred.bias"), null, qry.Length, pv, dd, false);
            }

            for (int y = 0; y < s; y++)
            {
                for (int xPix = 0; xPix < s; xPix++)
                {
                    int pixel = (y * s) + xPix;
                    int row = predRow[((y / p) * g) + (xPix / p)];
                    for (int ch = 0; ch < 3; ch++)
                    {
                        int at = (((b * s * s) + pixel) * 3) + ch;
                        float r = row < 0 ? image[(pixel * 3) + ch] : (pred[(row * pv) + ((((y % p) * p) + (xPix % p)) * 3) + ch] * c.Std[ch]) + c.Mean[ch];
                        recon[at] = r;
                        output[at] = hole[pixel] >= 0.5f ? Math.Clamp(r, 0f, 1f) : image[(pixel * 3) + ch];
                    }
                }
            }
        }

        return (recon, output);
    }

    /// <summary>
    /// timm Block, pre-norm, on the rows <paramref name="x"/> (<paramref name="rows"/> of them): attention reads queries
    /// from x and keys and values from <paramref name="keys"/> followed by x (when keys is x itself, plain
    /// self-attention over x), then x += proj(attn); x += fc2(gelu(fc1(norm2(x)))).
    /// </summary>
    private static float[] Block(WeightFile weights, string prefix, float[] keys, float[] x, int rows, int dim, int heads, int hidden, float eps)
    {
        float[] W(string name) => weights.ReadFloats($"{prefix}.{name}");
        float scale = (float)(1.0 / Math.Sqrt(dim / heads));
        var all = ReferenceEquals(keys, x) ? x : [.. keys, .. x];
        int n = all.Length / dim;
        var h = CpuKernels.LayerNorm(all, W("norm1.weight"), W("norm1.bias"), n, dim, eps);
        var qkv = CpuKernels.Gemm(h, W("attn.qkv.weight"), W("attn.qkv.bias"), null, n, 3 * dim, dim, false);
        // Every row attends to all n rows; the rows of x are the last `rows`.
        var attended = CpuKernels.Attention(qkv, null, 1, n, dim, heads, scale).AsSpan((n - rows) * dim, rows * dim).ToArray();
        x = CpuKernels.Gemm(attended, W("attn.proj.weight"), W("attn.proj.bias"), x, rows, dim, dim, false);

        h = CpuKernels.LayerNorm(x, W("norm2.weight"), W("norm2.bias"), rows, dim, eps);
        h = CpuKernels.Gemm(h, W("mlp.fc1.weight"), W("mlp.fc1.bias"), null, rows, hidden, dim, true);
        return CpuKernels.Gemm(h, W("mlp.fc2.weight"), W("mlp.fc2.bias"), x, rows, dim, hidden, false);
    }
}
