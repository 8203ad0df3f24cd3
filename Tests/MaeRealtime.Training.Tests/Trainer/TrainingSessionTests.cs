using MaeRealtime.TestSupport;
using MaeRealtime.Training.Model;
using MaeRealtime.Training.Tests.Support;
using MaeRealtime.Training.Trainer;
using TorchSharp;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Tests.Trainer;

public sealed class TrainingSessionTests
{
    [Fact]
    public void TinyModel_OverfitsOneBatch_LossFallsTenfold()
    {
        var config = TestConfigs.Golden;
        manual_seed(3).Dispose();
        using var model = new MaeModel(config);
        var (decay, noDecay) = WeightDecayGroups.Split(model.named_parameters(), p => p.dim(), p => p.requires_grad);
        using var optimizer = new MaeAdamW([new AdamWGroup("decay", decay, 0.05), new AdamWGroup("no_decay", noDecay, 0)]);
        optimizer.SetLearningRate(2e-3);
        var sampler = new MaeRealtime.Training.Data.BatchSampler(SyntheticImages.Dataset(2), 2, config.ImageSize, config.Mean, config.Std, seed: 1);
        var batch = sampler.CreateBatch();
        sampler.Fill(0, batch);
        using var images = tensor(batch.Pixels, new long[] { 2, 3, config.ImageSize, config.ImageSize });
        using var generator = new Generator(9);
        using var selection = MaskSelection.Random(2, config.NumPatches, 0.75, generator: generator);

        double first = double.NaN, last = double.NaN;
        for (int step = 0; step < 150; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.ZeroGrad();
            var (loss, _, _) = model.Forward(images, selection);
            loss.backward();
            optimizer.Step();
            last = loss.item<float>();
            first = step == 0 ? last : first;
        }

        Assert.True(last < first / 10, $"loss fell from {first:F4} to {last:F4}, less than 10x");
    }

    [Theory]
    [InlineData(TrainMode.Pretrain)]
    [InlineData(TrainMode.Inpaint)]
    public void Resume_ReproducesTheNextStepsLossExactly(TrainMode mode)
    {
        using var dir = new TempDirectory();
        var options = TrainerTestSetup.Options(mode);
        var data = TrainerTestSetup.Data;
        string path = dir.File("ckpt.maeckpt");
        double expected;
        using (var session = TrainingSession.Start(TrainerTestSetup.Config, options, data, CPU))
        {
            for (int i = 0; i < 3; i++)
            {
                session.RunStep();
            }

            CheckpointFile.Write(path, session.Capture(1.5, 0.25));
            session.RunStep();
            expected = session.RunStep().Loss;
        }

        var checkpoint = CheckpointFile.Read(path);
        Assert.Equal(3, checkpoint.Step);
        using var resumed = TrainingSession.Resume(checkpoint, options, data, CPU);
        Assert.Equal(3, resumed.Step);
        resumed.RunStep();
        var result = resumed.RunStep();
        Assert.Equal(5, result.Step);
        Assert.Equal(expected, result.Loss, 1e-6);
    }

    [Fact]
    public void Resume_WithOptionsThatChangeTheComputation_ListsTheDifferences()
    {
        using var session = TrainingSession.Start(TrainerTestSetup.Config, TrainerTestSetup.Options(), TrainerTestSetup.Data, CPU);
        var checkpoint = session.Capture(0, double.NaN);
        var ex = Assert.Throws<TrainingException>(() => TrainingSession.Resume(checkpoint, checkpoint.Options with { BatchSize = 8, Seed = 9, Steps = 99, CropZoomMin = 1, CropZoomMax = 2 }, TrainerTestSetup.Data, CPU));
        Assert.Contains("batch: checkpoint 4, requested 8", ex.Message);
        Assert.Contains("seed: checkpoint 5, requested 9", ex.Message);
        Assert.Contains("crop-zoom: checkpoint off, requested 1,2", ex.Message);
        Assert.DoesNotContain("steps", ex.Message); // a longer schedule is allowed
    }

    [Fact]
    public void ConfigDifferences_NameEveryField()
    {
        var a = TrainerTestSetup.Config;
        var b = a with { EmbedDim = 48, DecoderDepth = 3, Target = Runtime.Model.PixelTarget.PerPatchNormalized, Masking = Runtime.Model.MaskPolicy.MostlyHole };
        var differences = TrainingCheckpoint.ConfigDifferences(a, b);
        Assert.Equal(["EmbedDim: checkpoint 32, requested 48", "DecoderDepth: checkpoint 1, requested 3", "Masking: checkpoint AnyHolePixel, requested MostlyHole", "Target: checkpoint Normalized, requested PerPatchNormalized"], differences);
        Assert.Equal(2, TrainingCheckpoint.ConfigDifferences(a, b, includeObjective: false).Count);
        Assert.Empty(TrainingCheckpoint.ConfigDifferences(a, a with { }));
    }

    [Fact]
    public void InpaintWithNormPixTargets_IsRejected()
    {
        var config = TrainerTestSetup.Config with { Target = Runtime.Model.PixelTarget.PerPatchNormalized };
        var ex = Assert.Throws<TrainingException>(() => TrainingSession.Start(config, TrainerTestSetup.Options(TrainMode.Inpaint), TrainerTestSetup.Data, CPU));
        Assert.Contains("norm-pix", ex.Message);
    }

    [CpuLibTorchFact]
    public void Cuda_WithTheCpuLibTorch_IsAClearError()
    {
        var ex = Assert.Throws<TrainingException>(() => TrainingDevice.Resolve("cuda"));
        Assert.Contains("libtorch-cpu-linux-x64", ex.Message);
        Assert.Contains("-p:MaeTorchBackend=cuda", ex.Message);
        Assert.Throws<TrainingException>(() => TrainingDevice.Resolve("tpu"));
        Assert.Equal(DeviceType.CPU, TrainingDevice.Resolve(null).type);
    }
}
