using MaeRealtime.Runtime.Model;
using MaeRealtime.Training.Export;
using MaeRealtime.Training.Model;
using MaeRealtime.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Tests.Export;

public sealed class WeightExporterTests
{
    [Fact]
    public void Fp32RoundTripIsExact()
    {
        var config = TestConfigs.Odd;
        torch.manual_seed(21);
        using var model = new MaeModel(config);
        using var file = new TempFile(".maew");
        WeightExporter.Export(model, file.Path);

        var loaded = WeightFile.Load(file.Path);
        Assert.Equal(config.EmbedDim, loaded.Config.EmbedDim);
        Assert.Equal(config.DecoderNumHeads, loaded.Config.DecoderNumHeads);
        var expected = ExpectedValues(model);
        Assert.Equal(MaeTensorLayout.Expected(config).Select(s => s.Name), loaded.Entries.Select(e => e.Name));
        foreach (var entry in loaded.Entries)
        {
            Assert.Equal(TensorDType.Float32, entry.DType);
            Assert.Equal(expected[entry.Name], loaded.ReadFloats(entry.Name));
        }
    }

    [Fact]
    public void Fp16ExportRoundsOnlyTheMatricesToNearestHalf()
    {
        var config = TestConfigs.Golden;
        torch.manual_seed(22);
        using var model = new MaeModel(config);
        using var file = new TempFile(".maew");
        WeightExporter.Export(model, file.Path, TensorDType.Float16);

        var loaded = WeightFile.Load(file.Path);
        Assert.Equal(TensorDType.Float16, loaded.MatrixDType);
        var expected = ExpectedValues(model);
        foreach (var entry in loaded.Entries)
        {
            float[] want = expected[entry.Name];
            float[] got = loaded.ReadFloats(entry.Name);
            if (!entry.IsMatrix)
            {
                Assert.Equal(TensorDType.Float32, entry.DType);
                Assert.Equal(want, got);
                continue;
            }

            Assert.Equal(TensorDType.Float16, entry.DType);
            for (int i = 0; i < want.Length; i++)
            {
                // Round to nearest: within half an fp16 ulp (2^-11 relative; 2^-25 absolute for subnormals).
                double bound = Math.Max(Math.Abs(want[i]) * Math.Pow(2, -11), Math.Pow(2, -25));
                Assert.True(Math.Abs(got[i] - want[i]) <= bound, $"{entry.Name}[{i}]: {want[i]} -> {got[i]}");
                Assert.Equal((float)(Half)want[i], got[i]);
            }
        }
    }

    [Fact]
    public void PatchEmbedMatrixTimesPatchifiedPixelsEqualsTheConvolution()
    {
        var config = TestConfigs.Odd;
        torch.manual_seed(23);
        using var model = new MaeModel(config);
        var sd = model.state_dict();
        using var imgs = randn(2, 3, config.ImageSize, config.ImageSize);

        using var conv = nn.functional.conv2d(imgs, sd["patch_embed.proj.weight"], sd["patch_embed.proj.bias"], strides: new long[] { config.PatchSize, config.PatchSize });
        using var convTokens = conv.flatten(2).transpose(1, 2);              // [N, L, D]
        using var matrix = WeightExporter.PatchEmbedMatrix(sd["patch_embed.proj.weight"]);
        using var patches = model.Patchify(imgs);                            // [N, L, P]
        using var gemm = patches.matmul(matrix.t()) + sd["patch_embed.proj.bias"];
        Assert.Equal(new long[] { config.EmbedDim, config.PatchValues }, matrix.shape);
        Assert.True(gemm.allclose(convTokens, rtol: 0, atol: 1e-5), $"max diff {(gemm - convTokens).abs().max().item<float>()}");
    }

    // The model's tensors as the file must hold them: reference shapes, patch embed as [D, p*p*3].
    private static Dictionary<string, float[]> ExpectedValues(MaeModel model)
    {
        var result = new Dictionary<string, float[]>();
        foreach (var (name, t) in model.state_dict())
        {
            using var stored = name == "patch_embed.proj.weight" ? WeightExporter.PatchEmbedMatrix(t) : t.alias();
            result[name] = stored.detach().contiguous().data<float>().ToArray();
        }

        return result;
    }
}
