using MaeRealtime.Runtime.Model;
using MaeRealtime.TestSupport;
using MaeRealtime.Training.Trainer;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Tests.Trainer;

/// <summary>The trainer with <see cref="DecoderKind.MaskedQueries"/>: steps, exact resume, and what it refuses.</summary>
public sealed class MaskedQueriesTrainingTests
{
    private static MaeConfig Config => TrainerTestSetup.Config with { Decoder = DecoderKind.MaskedQueries, ContextRadius = 1 };

    private static TrainOptions Options => TrainerTestSetup.Options(TrainMode.Inpaint) with { ContextRadii = "0,1,2" };

    [Fact]
    public void Resume_ReproducesTheNextStepsLossExactly_RadiusDrawsIncluded()
    {
        using var dir = new TempDirectory();
        var data = TrainerTestSetup.Data;
        string path = dir.File("ckpt.maeckpt");
        double expected;
        using (var session = TrainingSession.Start(Config, Options, data, CPU))
        {
            for (int i = 0; i < 3; i++)
            {
                var step = session.RunStep();
                Assert.True(double.IsFinite(step.Loss) && step.Loss > 0, $"step {i + 1}: loss {step.Loss}");
                Assert.InRange(step.MaskedFraction, 0.0, 1.0);
            }

            CheckpointFile.Write(path, session.Capture(1.5, 0.25));
            session.RunStep();
            expected = session.RunStep().Loss;
        }

        var checkpoint = CheckpointFile.Read(path);
        Assert.Equal(DecoderKind.MaskedQueries, checkpoint.Config.Decoder);
        Assert.Equal(1, checkpoint.Config.ContextRadius);
        Assert.Equal("0,1,2", checkpoint.Options.ContextRadii);
        using var resumed = TrainingSession.Resume(checkpoint, Options, data, CPU);
        resumed.RunStep();
        Assert.Equal(expected, resumed.RunStep().Loss, 1e-6);
    }

    [Fact]
    public void Resume_WithOtherContextRadii_IsRefused()
    {
        using var session = TrainingSession.Start(Config, Options, TrainerTestSetup.Data, CPU);
        var checkpoint = session.Capture(0, double.NaN);
        var ex = Assert.Throws<TrainingException>(() => TrainingSession.Resume(checkpoint, Options with { ContextRadii = "1" }, TrainerTestSetup.Data, CPU));
        Assert.Contains("context-radii: checkpoint 0,1,2, requested 1", ex.Message);
    }

    [Fact]
    public void ConfigDifferences_ListDecoderAndRadius_ForResumeButNotForInit()
    {
        var full = TrainerTestSetup.Config;
        var differences = TrainingCheckpoint.ConfigDifferences(full, Config);
        Assert.Equal(["Decoder: checkpoint Full, requested MaskedQueries", "ContextRadius: checkpoint 0, requested 1"], differences);
        Assert.Empty(TrainingCheckpoint.ConfigDifferences(full, Config, includeObjective: false)); // --init from a full model
    }

    [Theory]
    [InlineData(DecoderKind.MaskedQueries, TrainMode.Pretrain, 0, "", "--mode inpaint")]
    [InlineData(DecoderKind.Full, TrainMode.Inpaint, 2, "", "needs --decoder masked-queries")]
    [InlineData(DecoderKind.Full, TrainMode.Inpaint, 0, "0,1", "needs --decoder masked-queries")]
    [InlineData(DecoderKind.MaskedQueries, TrainMode.Inpaint, 1, "1,5", "expected radii in 0..4")]
    [InlineData(DecoderKind.MaskedQueries, TrainMode.Inpaint, 1, "1;2", "expected comma-separated radii")]
    public void InvalidSetups_AreRefusedWithAReason(DecoderKind decoder, TrainMode mode, int radius, string radii, string expected)
    {
        var config = TrainerTestSetup.Config with { Decoder = decoder, ContextRadius = radius };
        var options = TrainerTestSetup.Options(mode) with { ContextRadii = radii };
        var ex = Assert.Throws<TrainingException>(() => TrainingSession.Start(config, options, TrainerTestSetup.Data, CPU));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void ParseContextRadii_FallsBackToTheConfigRadius()
    {
        Assert.Equal([3], TrainOptions.ParseContextRadii("", 3));
        Assert.Equal([1, 2, 3], TrainOptions.ParseContextRadii("1, 2,3", 0));
        Assert.Throws<ArgumentException>(() => TrainOptions.ParseContextRadii("-1", 0));
    }
}
