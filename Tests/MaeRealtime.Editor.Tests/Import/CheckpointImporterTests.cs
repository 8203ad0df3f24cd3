using MaeRealtime.Editor.Import;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Training.Export;
using static TorchSharp.torch;

namespace MaeRealtime.Editor.Tests.Import;

/// <summary>
/// Conversions of checkpoints written in the test: the weight file must hold exactly what the trainer's exporter makes
/// of the same model (an independent path through MaeModel), with the config inferred from shapes and every decision
/// and flag reported.
/// </summary>
public sealed class CheckpointImporterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void PyTorchCheckpoint_ConvertsToTheExportersTensors_WithDefaultHeads()
    {
        using var model = ReferenceCheckpointFiles.CreateModel(ReferenceCheckpointFiles.Small, seed: 3);
        string pth = _dir.File("mae_visualize_small.pth");
        ReferenceCheckpointFiles.WritePth(pth, model, normPixLoss: false);

        var result = CheckpointImporter.Convert(pth, _dir.File("out.maew"));

        Assert.Equal(CheckpointFormat.PyTorchZip, result.Format);
        Assert.Equal(ReferenceCheckpointFiles.Small, result.Config with { Mean = ReferenceCheckpointFiles.Small.Mean, Std = ReferenceCheckpointFiles.Small.Std });
        Assert.Equal(ReferenceCheckpointFiles.Small.Mean, result.Config.Mean);
        Assert.Equal(PixelTarget.Normalized, result.Config.Target);
        Assert.Empty(result.Warnings);
        Assert.Contains(result.Notes, n => n.Contains("encoder heads: 3 (default for width 192", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.Contains("decoder heads: 4 (default for width 128", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.Contains("args.norm_pix_loss=False", StringComparison.Ordinal));
        AssertSameTensors(model, result.OutputPath, TensorDType.Float32);
    }

    [Fact]
    public void BareStateDict_AndSafetensors_ConvertToTheSameFile()
    {
        using var model = ReferenceCheckpointFiles.CreateModel(ReferenceCheckpointFiles.Tiny, seed: 4);
        string bare = _dir.File("bare.pth"), safe = _dir.File("model.safetensors");
        ReferenceCheckpointFiles.WritePth(bare, model, bare: true);
        ReferenceCheckpointFiles.WriteSafetensors(safe, model);

        var a = CheckpointImporter.Convert(bare, _dir.File("a.maew"));
        var b = CheckpointImporter.Convert(safe, _dir.File("b.maew"));

        Assert.Equal(CheckpointFormat.Safetensors, b.Format);
        Assert.Equal(File.ReadAllBytes(a.OutputPath), File.ReadAllBytes(b.OutputPath));
        AssertSameTensors(model, b.OutputPath, TensorDType.Float32);
    }

    [Theory]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    public void HalfPrecisionSafetensors_AreWidenedExactly(ScalarType dtype)
    {
        using var model = ReferenceCheckpointFiles.CreateModel(ReferenceCheckpointFiles.Tiny, seed: 5);
        string safe = _dir.File("half.safetensors");
        ReferenceCheckpointFiles.WriteSafetensors(safe, model, dtype);

        var file = WeightFile.Load(CheckpointImporter.Convert(safe, _dir.File("half.maew")).OutputPath);

        // libtorch's own widening of the stored halves is the reference for our decoder.
        using var qkv = model.state_dict()["blocks.1.attn.qkv.weight"].to_type(dtype).to_type(ScalarType.Float32);
        Assert.Equal(qkv.data<float>().ToArray(), file.ReadFloats("blocks.1.attn.qkv.weight"));
    }

    [Fact]
    public void Options_SetHeadsFp16FillAndTarget()
    {
        using var model = ReferenceCheckpointFiles.CreateModel(ReferenceCheckpointFiles.Tiny, seed: 6);
        string pth = _dir.File("m.pth");
        ReferenceCheckpointFiles.WritePth(pth, model);
        var options = new ImportOptions { NumHeads = 4, DecoderNumHeads = 1, Fp16 = true, Fill = HoleFill.ResidualPushPull, Target = PixelTarget.PerPatchNormalized };

        var result = CheckpointImporter.Convert(pth, _dir.File("m.maew"), options);
        var file = WeightFile.Load(result.OutputPath);

        Assert.Equal((4, 1), (file.Config.NumHeads, file.Config.DecoderNumHeads));
        Assert.Equal(HoleFill.ResidualPushPull, file.Config.Fill);
        Assert.Equal(PixelTarget.PerPatchNormalized, file.Config.Target);
        Assert.Equal(TensorDType.Float16, file.MatrixDType);
        Assert.Contains(result.Warnings, w => w.StartsWith("norm-pix:", StringComparison.Ordinal));
        AssertSameTensors(model, result.OutputPath, TensorDType.Float16);
    }

    [Fact]
    public void NormPixRecordedInArgs_IsFlaggedAndStoredInTheTarget()
    {
        using var model = ReferenceCheckpointFiles.CreateModel(ReferenceCheckpointFiles.Tiny, seed: 7);
        string pth = _dir.File("normpix.pth");
        ReferenceCheckpointFiles.WritePth(pth, model, normPixLoss: true);

        var result = CheckpointImporter.Convert(pth, _dir.File("normpix.maew"));

        Assert.Equal(PixelTarget.PerPatchNormalized, WeightFile.Load(result.OutputPath).Config.Target);
        Assert.Contains(result.Notes, n => n.Contains("args.norm_pix_loss=True", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("cannot be de-normalized faithfully", StringComparison.Ordinal));

        var stated = CheckpointImporter.Convert(pth, _dir.File("raw.maew"), new ImportOptions { Target = PixelTarget.Normalized });
        Assert.Equal(PixelTarget.Normalized, stated.Config.Target);
        Assert.Contains(stated.Warnings, w => w.Contains("contradicts", StringComparison.Ordinal));
    }

    [Fact]
    public void FullPretrainFileName_ImpliesNormPix_UnlessRawPixIsStated()
    {
        using var model = ReferenceCheckpointFiles.CreateModel(ReferenceCheckpointFiles.Tiny, seed: 8);
        string pth = _dir.File("mae_pretrain_vit_base_full.pth");
        ReferenceCheckpointFiles.WritePth(pth, model);

        var implied = CheckpointImporter.Convert(pth, _dir.File("a.maew"));
        var stated = CheckpointImporter.Convert(pth, _dir.File("b.maew"), new ImportOptions { Target = PixelTarget.Normalized });

        Assert.Equal(PixelTarget.PerPatchNormalized, implied.Config.Target);
        Assert.Contains(implied.Notes, n => n.Contains("by file name", StringComparison.Ordinal));
        Assert.Equal(PixelTarget.Normalized, stated.Config.Target);
        Assert.Empty(stated.Warnings);
    }

    [Fact]
    public void ImportCached_ReusesTheConversion_AndKeysOnContentAndOptions()
    {
        using var model = ReferenceCheckpointFiles.CreateModel(ReferenceCheckpointFiles.Tiny, seed: 9);
        string pth = _dir.File("asset.pth"), cache = _dir.File("cache");
        ReferenceCheckpointFiles.WritePth(pth, model, normPixLoss: true);

        var first = CheckpointImporter.ImportCached(pth, cache);
        var second = CheckpointImporter.ImportCached(pth, cache);
        var fp16 = CheckpointImporter.ImportCached(pth, cache, new ImportOptions { Fp16 = true });

        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal(first.OutputPath, second.OutputPath);
        Assert.Equal(first.Warnings, second.Warnings); // the norm-pix flag survives the cache
        Assert.Equal(first.Notes, second.Notes);
        Assert.NotEqual(first.CacheKey, fp16.CacheKey);
        Assert.False(fp16.FromCache);

        // A damaged cache entry is converted again, not used.
        File.WriteAllBytes(first.OutputPath, [1, 2, 3]);
        var repaired = CheckpointImporter.ImportCached(pth, cache);
        Assert.False(repaired.FromCache);
        WeightFile.Load(repaired.OutputPath);

        // Different bytes, different key.
        using var other = ReferenceCheckpointFiles.CreateModel(ReferenceCheckpointFiles.Tiny, seed: 10);
        ReferenceCheckpointFiles.WritePth(pth, other, normPixLoss: true);
        Assert.NotEqual(first.CacheKey, CheckpointImporter.ComputeCacheKey(pth));
    }

    /// <summary>Every tensor of the converted file equals the exporter's tensor for the same model (bit for bit).</summary>
    private static void AssertSameTensors(Training.Model.MaeModel model, string path, TensorDType matrices)
    {
        var file = WeightFile.Load(path);
        var expected = WeightExporter.ToWeightTensors(model, matrices);
        Assert.Equal(expected.Count, file.Entries.Count);
        foreach (var t in expected)
        {
            var entry = file[t.Name];
            Assert.Equal(t.Shape, entry.Shape);
            Assert.Equal(t.DType, entry.DType);
            Assert.True(t.Data.Span.SequenceEqual(file.Data.Span.Slice((int)entry.Offset, (int)entry.ByteLength)), $"tensor {t.Name} differs");
        }
    }
}
