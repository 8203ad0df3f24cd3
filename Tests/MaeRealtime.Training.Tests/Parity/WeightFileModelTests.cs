using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;
using MaeRealtime.TestSupport;
using MaeRealtime.Training.Export;
using MaeRealtime.Training.Import;
using MaeRealtime.Training.Model;
using MaeRealtime.Training.Tests.Gpu;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Tests.Parity;

/// <summary>
/// The shipped default model: its Vulkan forward equals the TorchSharp forward of the same weights
/// (rebuilt from the weight file), on held-out-style inputs with hole masks, and the importer is the
/// exact inverse of the exporter.
/// </summary>
public sealed class WeightFileModelTests(GpuFixture fixture, ITestOutputHelper log) : GpuTest(fixture)
{
    [Fact]
    public void ExportThenLoad_ReproducesEveryTensor()
    {
        var config = MaeConfigPresets.Get("tiny");
        manual_seed(3);
        using var model = new MaeModel(config);
        using var dir = new TempDirectory();
        string path = dir.File("m.maew");
        WeightExporter.Export(model, path);
        using var back = WeightFileModel.Load(WeightFile.Load(path));
        var expected = model.state_dict();
        foreach (var (name, t) in back.state_dict())
        {
            Assert.True(t.allclose(expected[name], rtol: 0, atol: 0), $"tensor {name} differs after the round trip");
        }
    }

    [Fact]
    public void BundledDefaultModel_VulkanForwardEqualsTorchForward()
    {
        string path = BundledModelPath();
        var file = WeightFile.Load(path);
        var config = file.Config;
        using var model = WeightFileModel.Load(file);
        const int tiles = 3;
        int s = config.ImageSize, l = config.NumPatches;
        using var scope = NewDisposeScope();
        var generator = new Generator(11);
        var pixels = rand(new long[] { tiles, 3, s, s }, generator: generator);
        // Holes shaped like the product's: a box per tile, of different sizes.
        var holes = new float[tiles * s * s];
        for (int b = 0; b < tiles; b++)
        {
            int size = s / 8 * (b + 1);
            for (int y = s / 4; y < (s / 4) + size; y++)
            {
                for (int x = s / 3; x < (s / 3) + size; x++)
                {
                    holes[(b * s * s) + (y * s) + x] = 1;
                }
            }
        }

        var masking = TileMasking.FromHoleMasks(config, holes, tiles);
        var kept = masking.Keep.Select(k => (IReadOnlyList<int>)k).ToList();
        var maxError = 0.0;
        // Tiles keep different counts; the TorchSharp model batches equal counts, so run it per tile.
        var expected = new float[tiles * s * s * 3];
        float[] images = pixels.permute(0, 2, 3, 1).contiguous().data<float>().ToArray();
        int p = config.PatchSize, g = config.GridSize;
        for (int b = 0; b < tiles; b++)
        {
            var one = pixels.narrow(0, b, 1);
            if (config.Decoder == DecoderKind.MaskedQueries)
            {
                // Only the masked patches are decoded; every other pixel reconstructs as the input itself.
                Array.Copy(images, b * s * s * 3, expected, b * s * s * 3, s * s * 3);
                var pred = model.ReconstructQueries(model.NormalizeImages(one), [masking.Keep[b]], [masking.Query[b]]);
                float[] values = pred.data<float>().ToArray();
                for (int j = 0; j < masking.Query[b].Length; j++)
                {
                    int patch = masking.Query[b][j];
                    for (int k = 0; k < p * p; k++)
                    {
                        int y = (patch / g * p) + (k / p), x = (patch % g * p) + (k % p);
                        for (int c = 0; c < 3; c++)
                        {
                            expected[(((((b * s) + y) * s) + x) * 3) + c] = (values[(j * config.PatchValues) + (k * 3) + c] * config.Std[c]) + config.Mean[c];
                        }
                    }
                }
            }
            else
            {
                var pred = model.Reconstruct(model.NormalizeImages(one), new[] { kept[b] });
                var recon = model.DenormalizeImages(model.Unpatchify(pred)).permute(0, 2, 3, 1).contiguous();
                recon.data<float>().ToArray().CopyTo(expected, b * s * s * 3);
            }
        }

        using var weights = new GpuWeights(Context, file);
        using var forward = new MaeForward(Context, weights, tiles);
        var output = new float[images.Length];
        var gpuRecon = new float[images.Length];
        forward.Run(images, holes, masking, output, gpuRecon);
        for (int i = 0; i < gpuRecon.Length; i++)
        {
            maxError = Math.Max(maxError, Math.Abs(gpuRecon[i] - expected[i]) / config.Std[i % 3]);
        }

        log.WriteLine($"default model ({file.MatrixDType} matrices): Vulkan vs TorchSharp max abs error {maxError:E2} (normalized pixels)");
        // Both sides hold the same (for fp16 files: the same widened) weights, so the fp32 bound applies.
        Assert.True(maxError <= VulkanTorchParityTests.Fp32Tolerance, $"{maxError:E3} > {VulkanTorchParityTests.Fp32Tolerance:E1}");
    }

    /// <summary>Samples/Models/mae-default.maew, found by walking up from the test binaries to the repository root.</summary>
    private static string BundledModelPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "Samples", "Models", "mae-default.maew");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("The bundled default model Samples/Models/mae-default.maew was not found above the test binaries.");
    }
}
