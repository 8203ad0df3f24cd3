using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;
using MaeRealtime.TestSupport;
using MaeRealtime.Training.Export;
using MaeRealtime.Training.Import;
using MaeRealtime.Training.Tests.Gpu;
using MaeRealtime.Training.Tests.Support;
using Xunit.Abstractions;

namespace MaeRealtime.Training.Tests.Parity;

/// <summary>
/// The Vulkan forward against the independent float64 implementation in shared/fixtures/mae-golden:
/// the reference checkpoint imported, exported to a weight file and run on the GPU, so a misreading of the
/// reference shared by the TorchSharp model and the shaders cannot pass.
/// </summary>
public sealed class VulkanGoldenTests(GpuFixture fixture, ITestOutputHelper log) : GpuTest(fixture)
{
    /// <summary>
    /// fp32 activations (the device's family) to 2e-5 and composite values within one level; fp16 activations (the
    /// tiled family's <c>_act16</c> kernels) to the rounding of halves: 2e-3 in pixel units (measured 4.7e-4), composite
    /// values within one level too.
    /// </summary>
    [Theory]
    [InlineData(ActivationPrecision.Float32)]
    [InlineData(ActivationPrecision.Float16)]
    public void VulkanReconstructionAndComposite_MatchTheIndependentImplementation(ActivationPrecision precision)
    {
        bool half = precision == ActivationPrecision.Float16;
        double reconTolerance = half ? 2e-3 : 2e-5;
        const int levelTolerance = 1;
        var config = GoldenFixture.Config();
        int s = config.ImageSize;
        using var dir = new TempDirectory();
        string path = dir.File("golden.maew");
        using (var model = ReferenceCheckpoint.Load(GoldenFixture.File("ref.pth"), config.NumHeads, config.DecoderNumHeads))
        {
            WeightExporter.Export(model, path);
        }

        byte[,,] input = GoldenFixture.ReadRgb("input.png");
        byte[,] mask = GoldenFixture.ReadGray("mask.png");
        byte[,,] expectedComposite = GoldenFixture.ReadRgb("expected.png");
        float[] expectedRecon = GoldenFixture.ReadExpectedReconstruction();
        var image = new float[s * s * 3];
        var holes = new float[s * s];
        for (int y = 0; y < s; y++)
        {
            for (int x = 0; x < s; x++)
            {
                holes[(y * s) + x] = mask[y, x] >= 128 ? 1f : 0f;
                for (int c = 0; c < 3; c++)
                {
                    image[(((y * s) + x) * 3) + c] = input[y, x, c] / 255f;
                }
            }
        }

        var file = WeightFile.Load(path);
        var masking = TileMasking.FromHoleMasks(file.Config, holes, 1);
        Assert.Equal(7, masking.MaskedPatches);
        using var weights = new GpuWeights(Context, file);
        using var forward = new MaeForward(Context, weights, 1, half ? KernelFamily.Tiled : null, precision);
        var output = new float[image.Length];
        var recon = new float[image.Length];
        forward.Run(image, holes, masking, output, recon);

        double error = Tolerance.MaxAbsDiff(expectedRecon, recon);
        log.WriteLine($"golden (Vulkan, {precision} activations): max abs reconstruction error {error:E2} (pixel units)");
        Assert.True(error <= reconTolerance, $"{precision}: reconstruction error {error:E3} exceeds {reconTolerance:E1}");

        int offByOne = 0;
        for (int y = 0; y < s; y++)
        {
            for (int x = 0; x < s; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    int ours = (int)Math.Round(Math.Clamp(output[(((y * s) + x) * 3) + c], 0f, 1f) * 255f, MidpointRounding.AwayFromZero);
                    int diff = Math.Abs(ours - expectedComposite[y, x, c]);
                    Assert.True(diff <= levelTolerance, $"{precision}: composite ({x},{y},{c}): {ours} vs {expectedComposite[y, x, c]}");
                    offByOne += diff;
                }
            }
        }

        log.WriteLine($"golden (Vulkan, {precision} activations): composite levels off in all: {offByOne}");
    }
}
