namespace MaeRealtime.Training.Trainer;

/// <summary>A progress report, sent every <see cref="TrainOptions.LogEvery"/> steps.</summary>
/// <param name="Step">Steps completed.</param>
/// <param name="TotalSteps">Steps of the run.</param>
/// <param name="Loss">Mean loss since the previous report.</param>
/// <param name="LearningRate">The rate of the last step.</param>
/// <param name="SamplesPerSecond">Images per second since the previous report.</param>
/// <param name="Elapsed">Training time of this session.</param>
/// <param name="Eta">Estimated time to the last step at the current speed.</param>
/// <param name="DataWaitFraction">Share of the time since the previous report the steps waited for data.</param>
public readonly record struct TrainingProgress(
    long Step,
    long TotalSteps,
    double Loss,
    double LearningRate,
    double SamplesPerSecond,
    TimeSpan Elapsed,
    TimeSpan Eta,
    double DataWaitFraction);
