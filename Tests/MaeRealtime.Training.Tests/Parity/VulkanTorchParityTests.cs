using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;
using MaeRealtime.TestSupport;
using MaeRealtime.Training.Export;
using MaeRealtime.Training.Model;
using MaeRealtime.Training.Tests.Gpu;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Tests.Parity;

/// <summary>
/// The Vulkan forward of an exported file against the TorchSharp forward of the same random-weight
/// model with the same kept indices (random masking at 25/50/75%), measured on normalized pixels.
/// Tolerances and measured errors are recorded in docs/NUMERICS.md.
/// </summary>
public sealed class VulkanTorchParityTests(GpuFixture fixture, ITestOutputHelper log) : GpuTest(fixture)
{
    /// <summary>fp32 storage: the GPU sums in a different order than libtorch, nothing more.</summary>
    public const double Fp32Tolerance = 1e-4;

    /// <summary>fp16 GEMM matrices against the fp32 model: rounding of every weight to 11 significant bits.</summary>
    public const double Fp16Tolerance = 1e-2;

    public static TheoryData<string, double> Cases()
    {
        var data = new TheoryData<string, double>();
        foreach (string config in new[] { "named", "odd" })
        {
            foreach (double ratio in new[] { 0.25, 0.5, 0.75 })
            {
                data.Add(config, ratio);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fp32VulkanForward_EqualsTorchForward(string configName, double maskRatio)
    {
        double error = MaxNormalizedError(configName, maskRatio, TensorDType.Float32);
        log.WriteLine($"parity fp32 {configName} mask {maskRatio:P0}: max abs error {error:E2} (normalized pixels)");
        Assert.True(error <= Fp32Tolerance, $"fp32 {configName} @ {maskRatio:P0}: {error:E3} > {Fp32Tolerance:E1}");
    }

    [Theory]
    [InlineData("named", 0.75)]
    [InlineData("odd", 0.5)]
    public void Fp16VulkanForward_StaysWithinTheHalfPrecisionBound(string configName, double maskRatio)
    {
        double error = MaxNormalizedError(configName, maskRatio, TensorDType.Float16);
        log.WriteLine($"parity fp16 {configName} mask {maskRatio:P0}: max abs error {error:E2} (normalized pixels)");
        Assert.True(error <= Fp16Tolerance, $"fp16 {configName} @ {maskRatio:P0}: {error:E3} > {Fp16Tolerance:E1}");
    }

    [Fact]
    public void MostlyHolePolicy_VulkanForwardEqualsTheTrainersInput()
    {
        // Partly covered patches stay visible: the trainer blanks their hole pixels (HolePatchSelection.BlankHoles), the
        // runtime's patch gather must feed exactly that, whatever colour the tile holds in the hole (magenta here).
        var config = ConfigNamed("named") with { Masking = MaskPolicy.MostlyHole };
        int s = config.ImageSize, l = config.NumPatches;
        using var scope = NewDisposeScope();
        manual_seed(99);
        using var model = new MaeModel(config);
        model.eval();
        var pixels = rand(new long[] { 1, 3, s, s }, generator: new Generator(5));
        var holes = new float[s * s];
        for (int i = 0; i < s; i++)
        {
            holes[(i * s) + i] = 1;                                    // a 1 px diagonal: visible patches with holes
            holes[(((i / 2) + 20) * s) + Math.Min(s - 1, i + 3)] = 1;
        }

        for (int y = 64; y < 100; y++)
        {
            for (int x = 70; x < 120; x++)
            {
                holes[(y * s) + x] = 1;                                // a box: masked patches
            }
        }

        var masking = TileMasking.FromHoleMasks(config, holes, 1);
        int anyHoleKept = TileMasking.FromHoleMasks(config with { Masking = MaskPolicy.AnyHolePixel }, holes, 1).Keep[0].Length;
        Assert.InRange(masking.Keep[0].Length, anyHoleKept + 1, l - 1);

        using var ids = tensor(masking.Keep[0].Select(i => (long)i).ToArray(), new long[] { 1, masking.Keep[0].Length });
        var inputs = Training.Trainer.HolePatchSelection.BlankHoles(model.NormalizeImages(pixels), holes, config);
        var pred = model.Reconstruct(inputs, ids);
        float[] expected = model.DenormalizeImages(model.Unpatchify(pred)).permute(0, 2, 3, 1).contiguous().data<float>().ToArray();

        float[] images = pixels.permute(0, 2, 3, 1).contiguous().data<float>().ToArray();
        for (int i = 0; i < s * s; i++)
        {
            if (holes[i] != 0)
            {
                (images[i * 3], images[(i * 3) + 1], images[(i * 3) + 2]) = (1f, 0f, 1f);
            }
        }

        using var dir = new TempDirectory();
        string path = dir.File("model.maew");
        WeightExporter.Export(model, path, TensorDType.Float32);
        using var weights = new GpuWeights(Context, WeightFile.Load(path));
        Assert.Equal(MaskPolicy.MostlyHole, weights.Config.Masking);
        using var forward = new MaeForward(Context, weights, 1);
        var output = new float[images.Length];
        var recon = new float[images.Length];
        forward.Run(images, holes, masking, output, recon);
        double max = recon.Select((v, i) => Math.Abs(v - expected[i]) / config.Std[i % 3]).Max();
        log.WriteLine($"parity fp32 MostlyHole: max abs error {max:E2} (normalized pixels)");
        Assert.True(max <= Fp32Tolerance, $"MostlyHole: {max:E3} > {Fp32Tolerance:E1}");
    }

    [Theory]
    [InlineData(DecoderKind.MaskedQueries, 1, TensorDType.Float32)]
    [InlineData(DecoderKind.MaskedQueries, 2, TensorDType.Float32)]
    [InlineData(DecoderKind.MaskedQueries, 0, TensorDType.Float32)]
    [InlineData(DecoderKind.Full, 2, TensorDType.Float32)]
    [InlineData(DecoderKind.MaskedQueries, 1, TensorDType.Float16)]
    public void ContextAndQueryPlan_VulkanForwardEqualsTorchForward(DecoderKind decoder, int radius, TensorDType matrices)
    {
        // The real-time plan at the product's shapes (257 rows, heads of 64 and 32): the encoder sees only the
        // context PatchPlan gives, the masked-query decoder computes only the masked patches.
        var config = ConfigNamed("named") with { Decoder = decoder, ContextRadius = radius };
        const int tiles = 3;
        int s = config.ImageSize, p = config.PatchSize, g = config.GridSize;
        using var scope = NewDisposeScope();
        manual_seed(4321);
        using var model = new MaeModel(config);
        model.eval();
        var generator = new Generator(99);
        var pixels = rand(new long[] { tiles, 3, s, s }, generator: generator);
        var holes = new float[tiles * s * s];
        foreach (var (b, x0, y0, w, h) in new[] { (0, 20, 30, 40, 12), (0, 90, 90, 6, 30), (1, 0, 0, 128, 3), (2, 50, 50, 60, 60) })
        {
            for (int y = y0; y < y0 + h; y++)
            {
                for (int x = x0; x < x0 + w; x++)
                {
                    holes[(((b * s) + y) * s) + x] = 1;
                }
            }
        }

        var masking = TileMasking.FromHoleMasks(config, holes, tiles);
        var pred = model.ReconstructQueries(model.NormalizeImages(pixels), masking.Keep, masking.Query); // [B, Qmax, P]
        float[] expected = pred.data<float>().ToArray();
        long qmax = pred.shape[1];
        float[] images = pixels.permute(0, 2, 3, 1).contiguous().data<float>().ToArray();

        using var dir = new TempDirectory();
        string path = dir.File("model.maew");
        WeightExporter.Export(model, path, matrices);
        using var weights = new GpuWeights(Context, WeightFile.Load(path));
        Assert.Equal(decoder, weights.Config.Decoder);
        using var forward = new MaeForward(Context, weights, tiles);
        var output = new float[images.Length];
        var recon = new float[images.Length];
        forward.Run(images, holes, masking, output, recon);

        double max = 0;
        int compared = 0;
        for (int b = 0; b < tiles; b++)
        {
            for (int j = 0; j < masking.Query[b].Length; j++)
            {
                int patch = masking.Query[b][j];
                for (int k = 0; k < p * p; k++)
                {
                    int y = (patch / g * p) + (k / p), x = (patch % g * p) + (k % p);
                    for (int c = 0; c < 3; c++)
                    {
                        double vulkan = (recon[(((((b * s) + y) * s) + x) * 3) + c] - config.Mean[c]) / config.Std[c];
                        double torch = expected[(((b * qmax) + j) * config.PatchValues) + (k * 3) + c];
                        max = Math.Max(max, Math.Abs(vulkan - torch));
                        compared++;
                    }
                }
            }
        }

        Assert.True(compared > 1000, "the holes mask enough patches to compare");
        double tolerance = matrices == TensorDType.Float32 ? Fp32Tolerance : Fp16Tolerance;
        log.WriteLine($"parity {decoder} radius {radius} {matrices}: max abs error {max:E2} over {compared} values (normalized pixels)");
        Assert.True(max <= tolerance, $"{decoder} radius {radius} {matrices}: {max:E3} > {tolerance:E1}");
    }

    /// <summary>Patch 8, 128x128, width 192 x depth 4 with 3 heads, decoder 128 x 2 with 4 heads (the named config); and a non-power-of-two grid.</summary>
    private static MaeConfig ConfigNamed(string name) => name switch
    {
        "named" => new MaeConfig { ImageSize = 128, PatchSize = 8, EmbedDim = 192, Depth = 4, NumHeads = 3, DecoderEmbedDim = 128, DecoderDepth = 2, DecoderNumHeads = 4 },
        "odd" => new MaeConfig { ImageSize = 96, PatchSize = 16, EmbedDim = 64, Depth = 3, NumHeads = 4, DecoderEmbedDim = 48, DecoderDepth = 1, DecoderNumHeads = 3 },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private double MaxNormalizedError(string configName, double maskRatio, TensorDType matrices)
    {
        var config = ConfigNamed(configName);
        const int tiles = 4;
        int s = config.ImageSize, l = config.NumPatches;
        using var scope = NewDisposeScope();
        manual_seed(1234);
        using var model = new MaeModel(config);
        model.eval();

        var generator = new Generator(77);
        var pixels = rand(new long[] { tiles, 3, s, s }, generator: generator); // [B, 3, S, S] in [0, 1)
        var selection = MaskSelection.Random(tiles, l, maskRatio, generator: generator);
        var pred = model.Reconstruct(model.NormalizeImages(pixels), selection.IdsKeep); // [B, L, P]
        var torchRecon = model.DenormalizeImages(model.Unpatchify(pred)).permute(0, 2, 3, 1).contiguous(); // [B, S, S, 3]
        float[] expected = torchRecon.data<float>().ToArray();

        long[] keepFlat = selection.IdsKeep.data<long>().ToArray();
        int kept = (int)selection.KeptCount;
        var keep = Enumerable.Range(0, tiles).Select(b => keepFlat.Skip(b * kept).Take(kept).Select(i => (int)i).ToArray()).ToArray();
        float[] images = pixels.permute(0, 2, 3, 1).contiguous().data<float>().ToArray();

        using var dir = new TempDirectory();
        string path = dir.File("model.maew");
        WeightExporter.Export(model, path, matrices);
        using var weights = new GpuWeights(Context, WeightFile.Load(path));
        using var forward = new MaeForward(Context, weights, tiles);
        var holes = new float[tiles * s * s];
        var output = new float[images.Length];
        var recon = new float[images.Length];
        forward.Run(images, holes, TileMasking.FromKeptIndices(l, keep), output, recon);

        double max = 0;
        for (int i = 0; i < recon.Length; i++)
        {
            max = Math.Max(max, Math.Abs(recon[i] - expected[i]) / config.Std[i % 3]);
        }

        Assert.Equal(images, output); // no holes: the composite is the input, bit for bit
        return max;
    }
}
