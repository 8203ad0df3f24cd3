namespace MaeRealtime.Training.Trainer;

/// <summary>How a <see cref="TrainingLoop.Run"/> ended.</summary>
/// <param name="Interrupted">True when cancelled (Ctrl-C / SIGTERM) before the last step; the state was saved.</param>
/// <param name="Step">Steps completed.</param>
/// <param name="CheckpointPath">The checkpoint written last.</param>
/// <param name="LastLoss">Loss of the last step (NaN when no step ran).</param>
/// <param name="SamplesPerSecond">Mean throughput of this session.</param>
/// <param name="Elapsed">Wall time of this session's steps.</param>
/// <param name="DataWaitFraction">Share of that time the steps waited for data.</param>
public sealed record TrainingRunResult(bool Interrupted, long Step, string CheckpointPath, double LastLoss, double SamplesPerSecond, TimeSpan Elapsed, double DataWaitFraction);
