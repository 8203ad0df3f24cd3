using MaeRealtime.Training.Data;
using MaeRealtime.TestSupport;
using MaeRealtime.Training.Import;
using MaeRealtime.Training.Trainer;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Tests.Trainer;

public sealed class CheckpointFileTests
{
    [Fact]
    public void RoundTrip_KeepsEveryTensorConfigAndOption()
    {
        using var dir = new TempDirectory();
        var options = TrainerTestSetup.Options(TrainMode.Inpaint) with { CropZoomMin = 1, CropZoomMax = 1.25 };
        using var session = TrainingSession.Start(TrainerTestSetup.Config, options, TrainerTestSetup.Data, CPU);
        session.RunStep();
        var saved = session.Capture(12.5, 0.75);
        string path = dir.File("run/checkpoint.maeckpt");
        CheckpointFile.Write(path, saved);

        var loaded = CheckpointFile.Read(TrainingCheckpoint.ResolvePath(dir.File("run")));
        Assert.Empty(TrainingCheckpoint.ConfigDifferences(saved.Config, loaded.Config));
        Assert.Equal(saved.Options, loaded.Options);
        Assert.Equal(new ZoomCrop(1, 1.25), loaded.Options.CropZoom);
        Assert.Equal((1L, 12.5, 0.75, 8L), (loaded.Step, loaded.ElapsedSeconds, loaded.LastLoss, loaded.SamplesSeen));
        Assert.Equal(saved.OptimizerSteps, loaded.OptimizerSteps);
        foreach (var (a, b) in new[] { (saved.Model, loaded.Model), (saved.Optimizer, loaded.Optimizer), (saved.Rng, loaded.Rng) })
        {
            Assert.Equal(a.Select(t => t.Name), b.Select(t => t.Name));
            Assert.All(a.Zip(b), p =>
            {
                Assert.Equal(p.First.DType, p.Second.DType);
                Assert.Equal(p.First.Shape, p.Second.Shape);
                Assert.Equal(p.First.Data, p.Second.Data);
            });
        }

        Assert.Contains(loaded.Model, t => t.Name == "blocks.1.attn.qkv.weight");
        Assert.Contains(loaded.Optimizer, t => t.Name == "exp_avg_sq/mask_token");
        Assert.Equal(["torch", "mask"], loaded.Rng.Select(t => t.Name));

        // The stored weights rebuild the same model.
        using var model = loaded.CreateModel();
        using var original = session.Model.state_dict()["decoder_pred.weight"].cpu();
        Assert.True(Support.TensorAssert.Same(original, model.state_dict()["decoder_pred.weight"]));
    }

    [Fact]
    public void DamagedTruncatedOrForeignFiles_AreRejectedByName()
    {
        using var dir = new TempDirectory();
        using var session = TrainingSession.Start(TrainerTestSetup.Config, TrainerTestSetup.Options(), TrainerTestSetup.Data, CPU);
        string path = dir.File("c.maeckpt");
        CheckpointFile.Write(path, session.Capture(0, double.NaN));
        byte[] bytes = File.ReadAllBytes(path);

        byte[] flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(dir.File("flipped.maeckpt"), flipped);
        Assert.Contains("checksum", Assert.Throws<CheckpointException>(() => CheckpointFile.Read(dir.File("flipped.maeckpt"))).Message);

        File.WriteAllBytes(dir.File("short.maeckpt"), bytes[..(bytes.Length - 100)]);
        var truncated = Assert.Throws<CheckpointException>(() => CheckpointFile.Read(dir.File("short.maeckpt")));
        Assert.Contains("short.maeckpt", truncated.Message);

        File.WriteAllText(dir.File("other.maeckpt"), "PK\u0003\u0004 not ours at all");
        Assert.Contains("not a MaeRealtime training checkpoint", Assert.Throws<CheckpointException>(() => CheckpointFile.Read(dir.File("other.maeckpt"))).Message);
        Assert.Contains("not found", Assert.Throws<CheckpointException>(() => CheckpointFile.Read(dir.File("missing.maeckpt"))).Message);
        Assert.False(CheckpointFile.LooksLikeCheckpoint(dir.File("other.maeckpt")));
        Assert.True(CheckpointFile.LooksLikeCheckpoint(path));
    }

    [Fact]
    public void InitFromACheckpoint_LoadsItsWeights_OrNamesTheArchitectureDifference()
    {
        using var dir = new TempDirectory();
        string path = dir.File("pre.maeckpt");
        using (var pre = TrainingSession.Start(TrainerTestSetup.Config, TrainerTestSetup.Options(), TrainerTestSetup.Data, CPU))
        {
            pre.RunStep();
            CheckpointFile.Write(path, pre.Capture(0, 0));
        }

        var options = TrainerTestSetup.Options(TrainMode.Inpaint) with { Seed = 77 };
        using var tuned = TrainingSession.Start(TrainerTestSetup.Config, options, TrainerTestSetup.Data, CPU, initFrom: path);
        using var expected = CheckpointFile.Read(path).CreateModel();
        Assert.True(Support.TensorAssert.Same(expected.state_dict()["blocks.0.mlp.fc1.weight"], tuned.Model.state_dict()["blocks.0.mlp.fc1.weight"]));
        Assert.Equal(0, tuned.Step);

        var ex = Assert.Throws<TrainingException>(() => TrainingSession.Start(TrainerTestSetup.Config with { EmbedDim = 48 }, options, TrainerTestSetup.Data, CPU, initFrom: path));
        Assert.Contains("EmbedDim: checkpoint 32, requested 48", ex.Message);
    }

    [Fact]
    public void InitFromAWeightFile_ContinuesFromItsWeights_OrNamesTheArchitectureDifference()
    {
        // The shipped model is a weight file, not a checkpoint: --init rebuilds the model from it to train on.
        using var dir = new TempDirectory();
        string path = dir.File("shipped.maew");
        using (var pre = TrainingSession.Start(TrainerTestSetup.Config, TrainerTestSetup.Options(), TrainerTestSetup.Data, CPU))
        {
            pre.RunStep();
            Training.Export.WeightExporter.Export(pre.Model, path);
        }

        var options = TrainerTestSetup.Options(TrainMode.Inpaint) with { Seed = 78 };
        using var tuned = TrainingSession.Start(TrainerTestSetup.Config, options, TrainerTestSetup.Data, CPU, initFrom: path);
        using var expected = WeightFileModel.Load(Runtime.Model.WeightFile.Load(path));
        foreach (string name in new[] { "patch_embed.proj.weight", "blocks.1.attn.qkv.weight", "mask_token", "decoder_pred.bias" })
        {
            Assert.True(Support.TensorAssert.Same(expected.state_dict()[name], tuned.Model.state_dict()[name]), name);
        }

        var ex = Assert.Throws<TrainingException>(() => TrainingSession.Start(TrainerTestSetup.Config with { Depth = 3 }, options, TrainerTestSetup.Data, CPU, initFrom: path));
        Assert.Contains("another architecture", ex.Message);
    }
}
