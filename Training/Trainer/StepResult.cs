namespace MaeRealtime.Training.Trainer;

/// <summary>What one optimizer step did.</summary>
/// <param name="Step">Steps completed after this one (1-based index of this step).</param>
/// <param name="Loss">Mean loss over the step's micro-batches.</param>
/// <param name="LearningRate">The rate this step used.</param>
/// <param name="DataWait">Time the step waited for batches from the prefetch thread.</param>
/// <param name="MaskedFraction">Mean fraction of patches removed per image.</param>
public readonly record struct StepResult(long Step, double Loss, double LearningRate, TimeSpan DataWait, double MaskedFraction);
