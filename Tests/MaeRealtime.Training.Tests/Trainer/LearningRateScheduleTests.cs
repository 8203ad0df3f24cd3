using MaeRealtime.Training.Trainer;

namespace MaeRealtime.Training.Tests.Trainer;

public sealed class LearningRateScheduleTests
{
    [Fact]
    public void PeakFollowsTheLinearScalingRule()
    {
        Assert.Equal(1.5e-4 * 32 / 256, LearningRateSchedule.PeakLearningRate(1.5e-4, 32), 15);
        Assert.Equal(1.5e-4 * 4096 / 256, new TrainOptions { BatchSize = 512, Accumulation = 8 }.PeakLearningRate, 15);
    }

    [Fact]
    public void WarmupIsLinearFromZero_ThenAHalfCosineToTheMinimum()
    {
        const double Peak = 1e-3;
        // Warmup: step / warmup x peak, 0 at the first step as in the reference.
        Assert.Equal(0, LearningRateSchedule.At(0, 10, 110, Peak));
        Assert.Equal(Peak * 0.5, LearningRateSchedule.At(5, 10, 110, Peak), 15);
        Assert.Equal(Peak * 0.9, LearningRateSchedule.At(9, 10, 110, Peak), 15);
        // Peak right after warmup, half of it midway through the cosine, zero at the end.
        Assert.Equal(Peak, LearningRateSchedule.At(10, 10, 110, Peak), 15);
        Assert.Equal(Peak / 2, LearningRateSchedule.At(60, 10, 110, Peak), 15);
        Assert.Equal(Peak * 0.5 * (1 + Math.Cos(Math.PI * 0.25)), LearningRateSchedule.At(35, 10, 110, Peak), 15);
        Assert.Equal(0, LearningRateSchedule.At(110, 10, 110, Peak), 15);
        Assert.Equal(0, LearningRateSchedule.At(500, 10, 110, Peak));
        // A floor shifts the cosine: it ends at the minimum.
        Assert.Equal(1e-5, LearningRateSchedule.At(110, 10, 110, Peak, 1e-5), 15);
        Assert.Equal((Peak + 1e-5) / 2, LearningRateSchedule.At(60, 10, 110, Peak, 1e-5), 15);
    }

    [Fact]
    public void DecreasesMonotonicallyAfterWarmup_WithoutWarmupStartsAtPeak()
    {
        Assert.Equal(2e-4, LearningRateSchedule.At(0, 0, 50, 2e-4));
        double previous = double.MaxValue;
        for (long s = 0; s <= 50; s++)
        {
            double lr = LearningRateSchedule.At(s, 0, 50, 2e-4);
            Assert.True(lr <= previous);
            previous = lr;
        }
    }
}
