using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Training.Model;
using MaeRealtime.Training.Trainer;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Tests.Model;

/// <summary>
/// The masked-queries decoder and the context-list encoder: padding never leaks into a sample, the decoder's math is
/// the spec (checked against a loop written from it), and the loss ignores padding and query-less images.
/// </summary>
public sealed class MaskedQueriesTests
{
    /// <summary>16 px, patch 4 (a 4 x 4 grid), 32 x 2 encoder (2 heads), 16 x 2 decoder (2 heads).</summary>
    private static MaeConfig Tiny(DecoderKind decoder) => new()
    {
        ImageSize = 16,
        PatchSize = 4,
        EmbedDim = 32,
        Depth = 2,
        NumHeads = 2,
        DecoderEmbedDim = 16,
        DecoderDepth = 2,
        DecoderNumHeads = 2,
        Decoder = decoder,
    };

    [Theory]
    [InlineData(DecoderKind.MaskedQueries)]
    [InlineData(DecoderKind.Full)]
    public void PaddedBatch_EachImageEqualsItsForwardAlone(DecoderKind decoder)
    {
        var config = Tiny(decoder);
        manual_seed(21).Dispose();
        using var model = new MaeModel(config);
        model.eval();
        using var images = randn(3, 3, 16, 16);

        // Three tiles with different context and query lengths: a small hole at radius 1, a big one at radius 0
        // (every visible patch), one patch at radius 2.
        var holes = new[] { Holes(config, 5, 6), Holes(config, 0, 1, 2, 4, 8, 9, 10), Holes(config, 15) };
        int[] radii = [1, 0, 2];
        var plans = holes.Select((h, i) => PatchPlan.ForTile(PatchPlan.HolePixelsPerPatch(h, config), config, radii[i])).ToArray();
        Assert.NotEqual(plans[0].Context.Length, plans[1].Context.Length);
        Assert.NotEqual(plans[0].Query.Length, plans[1].Query.Length);

        using var batch = model.ReconstructQueries(images, plans.Select(p => p.Context).ToArray(), plans.Select(p => p.Query).ToArray());
        for (int i = 0; i < 3; i++)
        {
            using var one = images[i..(i + 1)];
            using var alone = model.ReconstructQueries(one, [plans[i].Context], [plans[i].Query]); // [1, Q, P]
            Assert.Equal(plans[i].Query.Length, alone.shape[1]);
            using var rows = batch[i..(i + 1), ..plans[i].Query.Length];
            double diff = rows.sub(alone).abs().max().item<float>();
            Assert.True(diff <= 1e-5, $"tile {i}: padded vs alone differ by {diff:E2}");
        }
    }

    [Fact]
    public void RadiusZero_MatchesAHandWrittenDecoderLoop()
    {
        var config = Tiny(DecoderKind.MaskedQueries);
        manual_seed(5).Dispose();
        using var model = new MaeModel(config);
        model.eval();
        using var image = randn(1, 3, 16, 16);
        var (context, query) = PatchPlan.ForTile(PatchPlan.HolePixelsPerPatch(Holes(config, 3, 6, 7, 9), config), config, 0);
        Assert.Equal(12, context.Length);
        Assert.Equal([3, 6, 7, 9], query);

        using var pred = model.ReconstructQueries(image, [context], [query]); // [1, 4, P]
        float[] actual = pred.data<float>().ToArray();

        // The reference: the encoder that the reference-parity tests pin (kept ids = the context, ascending),
        // then the decoder written out from the spec, one query and one head at a time, in double.
        using var noGrad = no_grad();
        using var ids = tensor(context.Select(c => (long)c).ToArray(), new long[] { 1, context.Length });
        using var latent = model.ForwardEncoder(image, ids);                 // [1, 1+K, D]
        var w = model.state_dict();
        int dd = config.DecoderEmbedDim, heads = config.DecoderNumHeads, hd = dd / heads, k = context.Length;
        double[][] Rows(Tensor t) => Enumerable.Range(0, (int)t.shape[0]).Select(r => t[r].to_type(ScalarType.Float64).data<double>().ToArray()).ToArray();
        double[][] pos = Rows(w["decoder_pos_embed"][0]);                    // [1+L, Dd]
        double[][] k0 = Rows(nn.functional.linear(latent[0], w["decoder_embed.weight"], w["decoder_embed.bias"]));
        k0[0] = Add(k0[0], pos[0]);
        for (int r = 0; r < k; r++)
        {
            k0[1 + r] = Add(k0[1 + r], pos[1 + context[r]]);
        }

        double[] maskToken = w["mask_token"].reshape(dd).to_type(ScalarType.Float64).data<double>().ToArray();
        double[][] x = query.Select(q => Add(maskToken, pos[1 + q])).ToArray();
        for (int b = 0; b < config.DecoderDepth; b++)
        {
            string p = $"decoder_blocks.{b}.";
            double[][] all = k0.Concat(x).ToArray();
            double[][] qkv = all.Select(row => Linear(LayerNorm(row, w[p + "norm1.weight"], w[p + "norm1.bias"], config.LayerNormEps), w[p + "attn.qkv.weight"], w[p + "attn.qkv.bias"])).ToArray();
            var next = new double[query.Length][];
            for (int j = 0; j < query.Length; j++)
            {
                double[] qRow = qkv[1 + k + j];
                var attended = new double[dd];
                for (int h = 0; h < heads; h++)
                {
                    var scores = new double[all.Length];
                    for (int key = 0; key < all.Length; key++)
                    {
                        double dot = 0;
                        for (int c = 0; c < hd; c++)
                        {
                            dot += qRow[(h * hd) + c] * qkv[key][dd + (h * hd) + c];
                        }

                        scores[key] = dot / Math.Sqrt(hd);
                    }

                    double max = scores.Max(), sum = scores.Sum(s => Math.Exp(s - max));
                    for (int key = 0; key < all.Length; key++)
                    {
                        double weight = Math.Exp(scores[key] - max) / sum;
                        for (int c = 0; c < hd; c++)
                        {
                            attended[(h * hd) + c] += weight * qkv[key][(2 * dd) + (h * hd) + c];
                        }
                    }
                }

                double[] y = Add(x[j], Linear(attended, w[p + "attn.proj.weight"], w[p + "attn.proj.bias"]));
                double[] hidden = Linear(LayerNorm(y, w[p + "norm2.weight"], w[p + "norm2.bias"], config.LayerNormEps), w[p + "mlp.fc1.weight"], w[p + "mlp.fc1.bias"]);
                hidden = Gelu(hidden);
                next[j] = Add(y, Linear(hidden, w[p + "mlp.fc2.weight"], w[p + "mlp.fc2.bias"]));
            }

            x = next;
        }

        var expected = x.SelectMany(row => Linear(LayerNorm(row, w["decoder_norm.weight"], w["decoder_norm.bias"], config.LayerNormEps), w["decoder_pred.weight"], w["decoder_pred.bias"])).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= 1e-4, $"masked-queries decoder vs the hand-written loop: max |diff| {worst:E2}");
    }

    [Fact]
    public void FullDecoder_WithEveryVisiblePatchAsContext_EqualsReconstruct()
    {
        var config = Tiny(DecoderKind.Full);
        manual_seed(8).Dispose();
        using var model = new MaeModel(config);
        model.eval();
        using var image = randn(1, 3, 16, 16);
        var (context, query) = PatchPlan.ForTile(PatchPlan.HolePixelsPerPatch(Holes(config, 1, 2, 12), config), config, 0);
        using var viaLists = model.ReconstructQueries(image, [context], [query]);   // [1, 3, P]
        using var full = model.Reconstruct(image, [context]);                       // [1, L, P]
        using var index = tensor(query.Select(q => (long)q).ToArray(), new long[] { 1, query.Length, 1 }).expand(-1, -1, config.PatchValues);
        using var rows = full.gather(1, index);
        double diff = rows.sub(viaLists).abs().max().item<float>();
        Assert.True(diff <= 1e-5, $"context-list decoder vs Reconstruct: {diff:E2}");
    }

    [Fact]
    public void Loss_IgnoresImagesWithoutQueries_AndIsZeroWhenNoImageHasOne()
    {
        var config = Tiny(DecoderKind.MaskedQueries);
        manual_seed(2).Dispose();
        using var model = new MaeModel(config);
        using var images = randn(2, 3, 16, 16);
        var holed = PatchPlan.ForTile(PatchPlan.HolePixelsPerPatch(Holes(config, 4, 5), config), config, 1);
        var clean = PatchPlan.ForTile(new int[config.NumPatches], config, 1);
        Assert.Empty(clean.Query);
        Assert.Empty(clean.Context); // radius > 0 and nothing to fill: nothing to look at

        using var both = PatchListBatch.Create([holed.Context, clean.Context], [holed.Query, clean.Query], config.NumPatches);
        using var first = PatchListBatch.Create([holed.Context], [holed.Query], config.NumPatches);
        using var none = PatchListBatch.Create([clean.Context, clean.Context], [clean.Query, clean.Query], config.NumPatches);
        using var scope = NewDisposeScope();
        var (lossBoth, _) = model.ForwardQueries(images, images, both);
        var (lossFirst, _) = model.ForwardQueries(images[..1], images[..1], first);
        var (lossNone, _) = model.ForwardQueries(images, images, none);
        Assert.Equal(lossFirst.item<float>(), lossBoth.item<float>(), 5);
        Assert.True(lossFirst.item<float>() > 0);
        Assert.Equal(0f, lossNone.item<float>());
        lossNone.backward(); // no 0/0 anywhere: the gradients stay finite
        Assert.All(model.parameters().Where(p => p.grad is not null), p => Assert.True(p.grad!.isfinite().all().item<bool>()));
    }

    [Fact]
    public void HoleQueryLists_FollowThePatchPlanRule_WithoutEqualizing()
    {
        var config = Tiny(DecoderKind.MaskedQueries);
        // Image 0: one hole pixel in patch 5 (row 1, col 1); image 1: holes in patches 0 and 15; image 2: none.
        var holes = new float[3 * 16 * 16];
        holes[(4 * 16) + 4] = 1;
        holes[256 + 0] = 1;
        holes[256 + (15 * 16) + 15] = 1;
        var (context, query) = HoleQueryLists.Create(holes, 3, config, [1, 2, 0]);

        Assert.Equal([5], query[0]);
        Assert.Equal([0, 1, 2, 4, 6, 8, 9, 10], context[0]);           // Chebyshev 1 around (1, 1)
        Assert.Equal([0, 15], query[1]);
        Assert.Equal([1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14], context[1]); // within 2 of (0, 0) or of (3, 3)
        Assert.Empty(query[2]);
        Assert.Equal(Enumerable.Range(0, 16), context[2]);              // radius 0: every visible patch, none masked extra
    }

    /// <summary>A tile mask with every pixel of the listed patches a hole.</summary>
    private static float[] Holes(MaeConfig config, params int[] patches)
    {
        int s = config.ImageSize, p = config.PatchSize, g = config.GridSize;
        var mask = new float[s * s];
        foreach (int patch in patches)
        {
            for (int y = 0; y < p; y++)
            {
                for (int x = 0; x < p; x++)
                {
                    mask[((((patch / g) * p) + y) * s) + ((patch % g) * p) + x] = 1;
                }
            }
        }

        return mask;
    }

    private static double[] Add(double[] a, double[] b) => a.Zip(b, (u, v) => u + v).ToArray();

    private static double[] Linear(double[] x, Tensor weight, Tensor bias)
    {
        double[] wv = weight.to_type(ScalarType.Float64).data<double>().ToArray(), bv = bias.to_type(ScalarType.Float64).data<double>().ToArray();
        int outDim = (int)weight.shape[0], inDim = (int)weight.shape[1];
        var y = new double[outDim];
        for (int o = 0; o < outDim; o++)
        {
            double sum = bv[o];
            for (int i = 0; i < inDim; i++)
            {
                sum += wv[(o * inDim) + i] * x[i];
            }

            y[o] = sum;
        }

        return y;
    }

    private static double[] LayerNorm(double[] x, Tensor weight, Tensor bias, double eps)
    {
        double[] g = weight.to_type(ScalarType.Float64).data<double>().ToArray(), b = bias.to_type(ScalarType.Float64).data<double>().ToArray();
        double mean = x.Average(), variance = x.Sum(v => (v - mean) * (v - mean)) / x.Length;
        return x.Select((v, i) => ((v - mean) / Math.Sqrt(variance + eps) * g[i]) + b[i]).ToArray();
    }

    private static double[] Gelu(double[] x)
    {
        // Exact erf GELU through torch's erf in double (no erf in System.Math).
        using var t = tensor(x);
        using var e = t.div(Math.Sqrt(2)).erf();
        double[] erf = e.data<double>().ToArray();
        return x.Select((v, i) => 0.5 * v * (1 + erf[i])).ToArray();
    }
}
