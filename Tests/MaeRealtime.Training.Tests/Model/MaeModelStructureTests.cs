using MaeRealtime.Runtime.Model;
using MaeRealtime.Training.Model;
using MaeRealtime.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Tests.Model;

public sealed class MaeModelStructureTests
{
    public static TheoryData<string> Configs => new() { "golden", "odd", "default" };

    private static MaeConfig ConfigNamed(string name) => name switch
    {
        "golden" => TestConfigs.Golden,
        "odd" => TestConfigs.Odd,
        _ => new MaeConfig(),
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void StateDictKeysAndShapesEqualTheWeightLayout(string configName)
    {
        var config = ConfigNamed(configName);
        using var model = new MaeModel(config);
        var stateDict = model.state_dict();
        var layout = MaeTensorLayout.Expected(config);

        Assert.Equal(layout.Select(s => s.Name).Order(StringComparer.Ordinal), stateDict.Keys.Order(StringComparer.Ordinal));
        foreach (var spec in layout)
        {
            long[] shape = stateDict[spec.Name].shape;
            long[] expected = spec.Name == "patch_embed.proj.weight"
                ? [config.EmbedDim, 3, config.PatchSize, config.PatchSize] // the reference's conv shape; the file stores [D, p*p*3]
                : spec.Shape.Select(v => (long)v).ToArray();
            Assert.True(expected.SequenceEqual(shape), $"{spec.Name}: expected [{string.Join(", ", expected)}], found [{string.Join(", ", shape)}]");
        }
    }

    [Fact]
    public void PositionTablesAreFixedAndEverythingElseTrains()
    {
        using var model = new MaeModel(TestConfigs.Golden);
        foreach (var (name, p) in model.named_parameters())
        {
            bool fixedTable = name is "pos_embed" or "decoder_pos_embed";
            Assert.True(p.requires_grad != fixedTable, $"{name}: requires_grad = {p.requires_grad}");
        }
    }

    [Fact]
    public void InitializationFollowsTheReference()
    {
        torch.manual_seed(1);
        var config = new MaeConfig(); // widths large enough for the statistics to settle
        using var model = new MaeModel(config);
        var sd = model.state_dict();

        // LayerNorm 1/0, linear biases 0.
        Assert.True(sd["norm.weight"].eq(1).all().item<bool>());
        Assert.True(sd["blocks.0.norm1.bias"].eq(0).all().item<bool>());
        Assert.True(sd["blocks.0.attn.qkv.bias"].eq(0).all().item<bool>());
        Assert.True(sd["decoder_pred.bias"].eq(0).all().item<bool>());

        // Xavier-uniform bound sqrt(6 / (fan_in + fan_out)); for the patch embed on the [D, 3*p*p] view.
        AssertUniformWithin(sd["blocks.0.mlp.fc1.weight"], Math.Sqrt(6.0 / (config.EmbedDim + config.MlpHidden)));
        AssertUniformWithin(sd["patch_embed.proj.weight"], Math.Sqrt(6.0 / (config.EmbedDim + config.PatchValues)));

        // Tokens ~ N(0, 0.02).
        double std = sd["cls_token"].std().item<float>();
        Assert.InRange(std, 0.015, 0.025);
    }

    [Fact]
    public void PatchifyOrderIsRowMajorPatchesWithChannelFastest()
    {
        var config = TestConfigs.Odd;
        using var model = new MaeModel(config);
        int s = config.ImageSize, p = config.PatchSize, g = config.GridSize;
        using var imgs = arange(2 * 3 * s * s, ScalarType.Float32).reshape(2, 3, s, s);
        using var patches = model.Patchify(imgs);
        Assert.Equal(new long[] { 2, config.NumPatches, config.PatchValues }, patches.shape);

        var img = imgs.data<float>().ToArray();
        var pat = patches.contiguous().data<float>().ToArray();
        for (int n = 0; n < 2; n++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int y = 0; y < s; y++)
                {
                    for (int x = 0; x < s; x++)
                    {
                        int patch = (y / p) * g + x / p;
                        int value = ((y % p) * p + x % p) * 3 + c;
                        Assert.Equal(img[((n * 3 + c) * s + y) * s + x], pat[(n * config.NumPatches + patch) * config.PatchValues + value]);
                    }
                }
            }
        }

        using var back = model.Unpatchify(patches);
        Assert.True(TensorAssert.Same(back, imgs));
    }

    [Fact]
    public void ForwardReturnsLossPredictionAndMaskOfReferenceShapes()
    {
        var config = TestConfigs.Odd;
        torch.manual_seed(3);
        using var model = new MaeModel(config);
        using var imgs = randn(2, 3, config.ImageSize, config.ImageSize);
        var (loss, pred, mask) = model.Forward(imgs, 0.75);
        using (loss)
        using (pred)
        using (mask)
        {
            Assert.Empty(loss.shape);
            Assert.True(float.IsFinite(loss.item<float>()));
            Assert.Equal(new long[] { 2, config.NumPatches, config.PatchValues }, pred.shape);
            Assert.Equal(new long[] { 2, config.NumPatches }, mask.shape);
            int kept = MaskSelection.KeptCountFor(config.NumPatches, 0.75);
            Assert.Equal(2.0 * (config.NumPatches - kept), mask.sum().item<float>());

            // Gradients reach the trainable parameters but not the fixed tables.
            loss.backward();
            var sd = model.state_dict();
            Assert.NotNull(sd["blocks.0.attn.qkv.weight"].grad);
            Assert.Null(sd["pos_embed"].grad);
        }
    }

    [Fact]
    public void LossAveragesPerPatchMseOverRemovedPatchesOnly()
    {
        var config = TestConfigs.Odd;
        using var model = new MaeModel(config);
        torch.manual_seed(5);
        using var imgs = randn(1, 3, config.ImageSize, config.ImageSize);
        using var target = model.Patchify(imgs);
        using var pred = target.clone();
        // Patch 3 off by 1 everywhere, patch 7 by 2; patch 7 is kept, so it must not count.
        pred[0, 3].add_(1);
        pred[0, 7].add_(2);
        using var mask = zeros(1, config.NumPatches);
        mask[0, 3] = 1;
        mask[0, 4] = 1;
        using var loss = model.ForwardLoss(imgs, pred, mask);
        Assert.Equal(0.5, loss.item<float>(), 6);
    }

    [Fact]
    public void NormPixLossNormalizesEachTargetPatchWithUnbiasedVariance()
    {
        var config = TestConfigs.Odd with { Target = PixelTarget.PerPatchNormalized };
        using var model = new MaeModel(config);
        torch.manual_seed(6);
        using var imgs = randn(1, 3, config.ImageSize, config.ImageSize);
        using var pred = zeros(1, config.NumPatches, config.PatchValues);
        using var mask = ones(1, config.NumPatches);
        using var loss = model.ForwardLoss(imgs, pred, mask);

        // With pred = 0 the per-patch loss is mean(t^2) of the normalized target: (P-1)/P * var/(var+1e-6).
        var patches = model.Patchify(imgs).data<float>().ToArray();
        int pv = config.PatchValues;
        double expected = 0;
        for (int l = 0; l < config.NumPatches; l++)
        {
            var v = patches.Skip(l * pv).Take(pv).Select(f => (double)f).ToArray();
            double mean = v.Average();
            double variance = v.Sum(x => (x - mean) * (x - mean)) / (pv - 1);
            expected += v.Average(x => Math.Pow((x - mean) / Math.Sqrt(variance + 1e-6), 2));
        }

        expected /= config.NumPatches;
        Assert.Equal(expected, loss.item<float>(), 5);
    }

    [Fact]
    public void ConvertingTheModelKeepsReferenceNamesAndAWorkingForward()
    {
        // Module.to() swaps parameter fields through reflection; the reference names must survive it.
        var config = TestConfigs.Odd;
        torch.manual_seed(4);
        using var model = new MaeModel(config);
        using var imgs = randn(1, 3, config.ImageSize, config.ImageSize);
        int[][] kept = [[0, 6, 12, 18, 24]];
        using var before = model.Reconstruct(imgs, kept);

        model.to(ScalarType.Float64);
        var sd = model.state_dict();
        Assert.Equal(MaeTensorLayout.Expected(config).Select(s => s.Name).Order(StringComparer.Ordinal), sd.Keys.Order(StringComparer.Ordinal));
        Assert.All(sd.Values, t => Assert.Equal(ScalarType.Float64, t.dtype));
        Assert.False(sd["pos_embed"].requires_grad);

        using var imgs64 = imgs.to_type(ScalarType.Float64);
        using var after = model.Reconstruct(imgs64, kept);
        Assert.Equal(ScalarType.Float64, after.dtype);
        using var after32 = after.to_type(ScalarType.Float32);
        Assert.True(after32.allclose(before, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void WidthsNotDivisibleByFourAreRejectedWithAClearMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MaeModel(TestConfigs.Odd with { EmbedDim = 18, NumHeads = 3 }));
        Assert.Contains("'EmbedDim': expected a positive multiple of 4", ex.Message);
    }

    private static void AssertUniformWithin(Tensor t, double bound)
    {
        double max = t.abs().max().item<float>();
        Assert.InRange(max, 0.9 * bound, bound);
    }
}
