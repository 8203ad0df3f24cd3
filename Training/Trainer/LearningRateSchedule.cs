namespace MaeRealtime.Training.Trainer;

/// <summary>
/// The reference's learning-rate rules (main_pretrain.py, util/lr_sched.py), counted in optimizer steps instead of
/// fractional epochs: the peak is base_lr x effective batch / 256; a linear warmup from 0, then a half cosine to
/// the minimum at the last step.
/// </summary>
public static class LearningRateSchedule
{
    /// <summary>The reference's linear scaling rule: <paramref name="baseLr"/> x <paramref name="effectiveBatch"/> / 256.</summary>
    public static double PeakLearningRate(double baseLr, int effectiveBatch) => baseLr * effectiveBatch / 256.0;

    /// <summary>
    /// The rate for optimizer step <paramref name="step"/> (0-based, the step about to run): peak x step / warmup during
    /// warmup (0 at step 0, as in the reference), then min + (peak - min) x (1 + cos(pi x progress)) / 2 with progress
    /// = (step - warmup) / (total - warmup), reaching <paramref name="minLr"/> at step = total. Steps past the end stay at the minimum.
    /// </summary>
    public static double At(long step, long warmupSteps, long totalSteps, double peakLr, double minLr = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        if (step < warmupSteps)
        {
            return peakLr * step / warmupSteps;
        }

        if (step >= totalSteps || totalSteps <= warmupSteps)
        {
            return minLr;
        }

        double progress = (double)(step - warmupSteps) / (totalSteps - warmupSteps);
        return minLr + ((peakLr - minLr) * 0.5 * (1.0 + Math.Cos(Math.PI * progress)));
    }
}
