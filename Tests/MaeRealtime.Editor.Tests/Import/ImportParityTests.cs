using MaeRealtime.Editor.Imaging;
using MaeRealtime.Editor.Import;
using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;
using MaeRealtime.TestSupport;
using MaeRealtime.Training.Model;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MaeRealtime.Editor.Tests.Import;

/// <summary>
/// Converted checkpoints run on Vulkan: a PyTorch-format and a safetensors checkpoint written in the test must give
/// the TorchSharp forward of the same weights (1e-4 in normalized pixels, the fp32 parity bound of docs/NUMERICS.md),
/// and the golden reference checkpoint converted by the importer must reproduce the independent float64
/// implementation's reconstruction to 2e-5.
/// </summary>
public sealed class ImportParityTests(GpuFixture fixture, ITestOutputHelper log) : ImportGpuTest(fixture)
{
    private const double Fp32Tolerance = 1e-4;

    [Theory]
    [InlineData("pth")]
    [InlineData("safetensors")]
    public void ConvertedCheckpoint_VulkanForwardEqualsTorchForward(string format)
    {
        var config = ReferenceCheckpointFiles.Small;
        using var dir = new TempDirectory();
        using var model = ReferenceCheckpointFiles.CreateModel(config, seed: 21);
        string source = dir.File($"mae_visualize_small.{format}");
        if (format == "pth")
        {
            ReferenceCheckpointFiles.WritePth(source, model, normPixLoss: false);
        }
        else
        {
            ReferenceCheckpointFiles.WriteSafetensors(source, model);
        }

        var result = CheckpointImporter.Convert(source, dir.File("converted.maew"));
        double error = MaxNormalizedError(model, WeightFile.Load(result.OutputPath), seed: 5);
        log.WriteLine($"converted {format} checkpoint: Vulkan vs TorchSharp max abs error {error:E2} (normalized pixels)");
        Assert.True(error <= Fp32Tolerance, $"{format}: {error:E3} > {Fp32Tolerance:E1}");
    }

    [Fact]
    public void ConvertedGoldenCheckpoint_MatchesTheIndependentImplementation()
    {
        using var dir = new TempDirectory();
        // config.json: heads 3, decoder heads 2, which are also the defaults for widths 48 and 32.
        var result = CheckpointImporter.Convert(GoldenFiles.File("ref.pth"), dir.File("golden.maew"), new ImportOptions { NumHeads = 3, DecoderNumHeads = 2 });
        var file = WeightFile.Load(result.OutputPath);
        int s = file.Config.ImageSize;
        Assert.Equal(32, s);

        var input = RgbImage.Load(GoldenFiles.File("input.png"));
        var holes = HoleMask.Load(GoldenFiles.File("mask.png")).ToFloats();
        var masking = TileMasking.FromHoleMasks(file.Config, holes, 1);
        Assert.Equal(7, masking.MaskedPatches);
        var output = new float[input.Pixels.Length];
        var recon = new float[input.Pixels.Length];
        using (var weights = new GpuWeights(Context, file))
        using (var forward = new MaeForward(Context, weights, 1))
        {
            forward.Run(input.Pixels, holes, masking, output, recon);
        }

        double error = Tolerance.MaxAbsDiff(GoldenFiles.ExpectedReconstruction(), recon);
        log.WriteLine($"converted golden ref.pth: Vulkan vs independent float64 max abs error {error:E2} (pixel units)");
        Assert.True(error <= 2e-5, $"golden: {error:E3} > 2e-5");
    }

    /// <summary>Both forwards on one random tile with a random 40% of the patches masked; largest error in normalized pixels.</summary>
    private double MaxNormalizedError(MaeModel model, WeightFile file, int seed)
    {
        var c = file.Config;
        int s = c.ImageSize, l = c.NumPatches;
        var rng = new Random(seed);
        int[] kept = Enumerable.Range(0, l).OrderBy(_ => rng.Next()).Take(l - (int)(0.4 * l)).ToArray();
        var image = new float[s * s * 3];
        for (int i = 0; i < image.Length; i++)
        {
            image[i] = (float)rng.NextDouble();
        }

        using var scope = NewDisposeScope();
        var pixels = tensor(image, new long[] { 1, s, s, 3 }).permute(0, 3, 1, 2).contiguous();            // [1, 3, S, S]
        var pred = model.Reconstruct(model.NormalizeImages(pixels), new[] { (IReadOnlyList<int>)kept });     // [1, L, P]
        float[] expected = model.Unpatchify(pred).permute(0, 2, 3, 1).contiguous().data<float>().ToArray(); // normalized, [1, S, S, 3]

        var masking = TileMasking.FromKeptIndices(l, [kept]);
        var holes = new float[s * s];
        var output = new float[image.Length];
        var recon = new float[image.Length];
        using (var weights = new GpuWeights(Context, file))
        using (var forward = new MaeForward(Context, weights, 1))
        {
            forward.Run(image, holes, masking, output, recon);
        }

        double max = 0;
        for (int i = 0; i < recon.Length; i++)
        {
            double normalized = (recon[i] - c.Mean[i % 3]) / c.Std[i % 3];
            max = Math.Max(max, Math.Abs(normalized - expected[i]));
        }

        return max;
    }
}
