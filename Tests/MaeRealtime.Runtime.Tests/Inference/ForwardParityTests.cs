using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Tests.Gpu;
using MaeRealtime.Runtime.Tests.Reference;
using MaeRealtime.Runtime.Tests.Support;

namespace MaeRealtime.Runtime.Tests.Inference;

/// <summary>
/// The whole Vulkan forward against the CPU reference chain, with tiles of different visible counts in one batch,
/// once with each kernel family (whatever the device would choose), so both chains are covered on every device:
/// both decoders, several context radii, and the product's real shapes (128 px tiles: 257 rows, head sizes 64 and
/// 32, widths 192 and 128). fp32 activations are held to 1e-4; fp16 activations (the tiled family's <c>_act16</c>
/// kernels, which lavapipe runs too) to the rounding of a half through the chain, and must still differ from fp32.
/// </summary>
public sealed class ForwardParityTests(GpuFixture fixture) : GpuTest(fixture)
{
    public static TheoryData<string, KernelFamily> Configs()
    {
        var data = new TheoryData<string, KernelFamily>();
        foreach (string name in new[] { "tiny", "mid", "mid-residual-fill", "mid-blend-fill", "mid-mostly-hole", "mid-radius-1", "mid-masked-queries", "mid-masked-queries-all-context", "real-full", "real-masked-queries" })
        {
            foreach (var family in Enum.GetValues<KernelFamily>())
            {
                data.Add(name, family);
            }
        }

        return data;
    }

    public static TheoryData<string> HalfActivationConfigs() => new(["tiny", "mid", "mid-masked-queries", "mid-mostly-hole", "real-full", "real-masked-queries"]);

    [Theory]
    [MemberData(nameof(HalfActivationConfigs))]
    public void HalfActivations_StayWithinHalfRounding_OfTheCpuReference(string name)
    {
        var config = ConfigNamed(name);
        var (half, expected) = RunBoth(config, TensorDType.Float32, KernelFamily.Tiled, ActivationPrecision.Float16);
        var (full, _) = RunBoth(config, TensorDType.Float32, KernelFamily.Tiled, ActivationPrecision.Float32);
        double halfError = Tolerance.MaxAbsDiff(expected, half);
        double fullError = Tolerance.MaxAbsDiff(expected, full);

        // The reconstruction is in normalized units (about unit variance); measured on lavapipe: 2.1e-4 .. 3.7e-4.
        Assert.True(halfError <= 2e-3, $"{name}: fp16 activations deviate by {halfError:E3} from the fp32 reference (at most 2e-3)");
        // Proof the fp16 kernels ran: rounding to halves shows, far above fp32's own error.
        Assert.True(halfError > 10 * fullError && halfError > 1e-4, $"{name}: fp16 error {halfError:E3} is not above fp32's {fullError:E3}: were the fp16 kernels used?");
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Fp32Forward_MatchesCpuReference(string name, KernelFamily family)
    {
        var (recon, expected) = RunBoth(ConfigNamed(name), TensorDType.Float32, family, ActivationPrecision.Float32);
        Tolerance.AssertClose(expected, recon, 1e-4, $"{name} fp32 {family} reconstruction");
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Fp16Forward_MatchesCpuReferenceOnTheSameHalfWeights(string name, KernelFamily family)
    {
        // The CPU reference widens the same fp16 matrices, so only arithmetic order differs.
        var (recon, expected) = RunBoth(ConfigNamed(name), TensorDType.Float16, family, ActivationPrecision.Float32);
        Tolerance.AssertClose(expected, recon, 1e-4, $"{name} fp16 {family} reconstruction");
    }

    private (float[] Gpu, float[] Cpu) RunBoth(MaeConfig config, TensorDType matrices, KernelFamily family, ActivationPrecision precision)
    {
        using var dir = new TempDirectory();
        var file = WeightFile.Load(TestWeights.WriteRandom(config, seed: 42, dir.Path, matrices));
        int s = config.ImageSize, tiles = 3;
        var images = Tolerance.Random(tiles * s * s * 3, 7).Select(v => (v + 1) / 2).ToArray();
        var holes = new float[tiles * s * s];
        // Tile 0: a box; tile 1: a thin diagonal stroke; tile 2: no holes at all.
        for (int y = s / 4; y < s / 2; y++)
        {
            for (int x = s / 8; x < s * 3 / 4; x++)
            {
                holes[(y * s) + x] = 1;
            }
        }

        for (int i = 0; i < s; i++)
        {
            holes[(s * s) + (i * s) + i] = 1;
        }

        var masking = TileMasking.FromHoleMasks(config, holes, tiles);
        Assert.NotEqual(masking.Keep[0].Length, masking.Keep[1].Length);
        Assert.Equal(config.Masking == MaskPolicy.MostlyHole && config.ContextRadius == 0, masking.Keep[1].Length == config.NumPatches);
        Assert.Equal(config.ContextRadius == 0 ? config.NumPatches : 0, masking.Keep[2].Length); // no holes: no context unless every visible patch

        using var weights = new GpuWeights(Context, file);
        using var forward = new MaeForward(Context, weights, tiles, family, precision);
        Assert.Equal(family, forward.KernelFamily);
        Assert.Equal(precision == ActivationPrecision.Float16, forward.HalfActivations);
        var output = new float[images.Length];
        var recon = new float[images.Length];
        forward.Run(images, holes, masking, output, recon);

        var (cpuRecon, cpuOutput) = CpuMaeForward.Run(file, images, holes, masking);
        if (config.Fill is HoleFill.ResidualPushPull or HoleFill.ResidualPushPullBlend)
        {
            cpuOutput = CpuResidualPushPull.Run(images, holes, cpuRecon, cpuOutput, tiles, s, config.PatchSize, config.Fill == HoleFill.ResidualPushPullBlend);
        }

        Tolerance.AssertClose(cpuOutput, output, precision == ActivationPrecision.Float16 ? 2e-3 : 1e-4, "composite");
        return (recon, cpuRecon);
    }

    private static MaeConfig ConfigNamed(string name) => name switch
    {
        "tiny" => TinyModel.Config,
        "mid" => new MaeConfig { ImageSize = 64, PatchSize = 8, EmbedDim = 96, Depth = 2, NumHeads = 3, DecoderEmbedDim = 64, DecoderDepth = 1, DecoderNumHeads = 2 },
        "mid-residual-fill" => ConfigNamed("mid") with { Fill = HoleFill.ResidualPushPull },
        "mid-blend-fill" => ConfigNamed("mid") with { Fill = HoleFill.ResidualPushPullBlend },
        // The diagonal stroke covers 8 of each touched patch's 64 pixels: those patches stay visible, hole pixels blanked.
        "mid-mostly-hole" => ConfigNamed("mid-residual-fill") with { Masking = MaskPolicy.MostlyHole },
        "mid-radius-1" => ConfigNamed("mid-residual-fill") with { ContextRadius = 1 },
        "mid-masked-queries" => ConfigNamed("mid-blend-fill") with { Decoder = DecoderKind.MaskedQueries, ContextRadius = 1 },
        "mid-masked-queries-all-context" => ConfigNamed("mid") with { Decoder = DecoderKind.MaskedQueries },
        // The product's shapes: 16 x 16 patches of 8 px (257 encoder rows), widths 192 / 128, head sizes 64 / 32.
        "real-full" => MaeConfigPresets.Get("parity") with { Depth = 1 },
        "real-masked-queries" => MaeConfigPresets.Get("parity") with { Depth = 1, Decoder = DecoderKind.MaskedQueries, ContextRadius = 2, Fill = HoleFill.ResidualPushPullBlend },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
