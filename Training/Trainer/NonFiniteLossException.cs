namespace MaeRealtime.Training.Trainer;

/// <summary>
/// The loss became NaN or infinite. Raised before the step's update is applied and before anything is saved, so
/// the checkpoint on disk stays the last good one.
/// </summary>
public sealed class NonFiniteLossException : TrainingException
{
    /// <summary>Creates the exception for optimizer step <paramref name="step"/> (1-based).</summary>
    /// <param name="step">The step whose loss was not finite.</param>
    /// <param name="loss">The loss value.</param>
    /// <param name="learningRate">The step's learning rate.</param>
    /// <param name="note">An extra sentence, e.g. where the last good checkpoint is.</param>
    public NonFiniteLossException(long step, double loss, double learningRate, string? note = null)
        : base($"The loss became {FormatValue(loss)} at step {step} (lr {learningRate:G4}); training stopped. Lower --base-lr or check the data.{(note is null ? string.Empty : " " + note)}")
    {
        Step = step;
        Loss = loss;
        LearningRate = learningRate;
    }

    /// <summary>The 1-based step whose loss was not finite.</summary>
    public long Step { get; }

    /// <summary>The loss value (NaN or infinity).</summary>
    public double Loss { get; }

    /// <summary>The learning rate of that step.</summary>
    public double LearningRate { get; }

    private static string FormatValue(double v) => double.IsNaN(v) ? "NaN" : v > 0 ? "+infinity" : "-infinity";
}
