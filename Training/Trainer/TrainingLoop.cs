using System.Diagnostics;

namespace MaeRealtime.Training.Trainer;

/// <summary>
/// Runs a <see cref="TrainingSession"/> to its last step: one CSV row per step, a progress report every
/// <see cref="TrainOptions.LogEvery"/> steps, a checkpoint every <see cref="TrainOptions.SaveEvery"/> steps, at the
/// end and when cancelled (Ctrl-C, SIGTERM), a warning when steps wait for data. A non-finite loss stops the run
/// without saving, so the checkpoint on disk stays the last good one.
/// </summary>
public sealed class TrainingLoop
{
    /// <summary>Above this share of step time spent waiting for data, data loading is reported as behind.</summary>
    public const double DataWaitWarningFraction = 0.10;

    private readonly TrainingSession _session;
    private readonly ITrainingObserver _observer;

    /// <summary>Prepares a loop that writes into <paramref name="runFolder"/>.</summary>
    public TrainingLoop(TrainingSession session, string runFolder, ITrainingObserver observer)
    {
        _session = session;
        _observer = observer;
        RunFolder = runFolder;
    }

    /// <summary>The run folder (checkpoint, CSV log).</summary>
    public string RunFolder { get; }

    /// <summary>The checkpoint file the loop writes.</summary>
    public string CheckpointPath => Path.Combine(RunFolder, TrainingCheckpoint.FileName);

    /// <summary>Trains until <see cref="TrainOptions.Steps"/> or cancellation.</summary>
    /// <exception cref="NonFiniteLossException">The loss became NaN or infinite; nothing was saved for that step.</exception>
    public TrainingRunResult Run(CancellationToken cancel = default)
    {
        Directory.CreateDirectory(RunFolder);
        var options = _session.Options;
        long firstStep = _session.Step, savedStep = File.Exists(CheckpointPath) ? firstStep : -1;
        using var csv = TrainingCsvLog.Open(Path.Combine(RunFolder, TrainingCsvLog.FileName), firstStep);
        var clock = Stopwatch.StartNew();
        var window = new Window(clock.Elapsed);
        double lastLoss = double.NaN;
        int reports = 0, lastWarning = int.MinValue;
        bool interrupted = false;

        while (_session.Step < options.Steps)
        {
            if (cancel.IsCancellationRequested)
            {
                interrupted = true;
                break;
            }

            var stepStart = clock.Elapsed;
            StepResult result;
            try
            {
                result = _session.RunStep(cancel);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                interrupted = true; // no update was applied: the saved state is that of the last whole step
                break;
            }
            catch (NonFiniteLossException ex)
            {
                string note = savedStep >= 0
                    ? $"The last good checkpoint (step {savedStep}) is kept at '{CheckpointPath}'."
                    : "No checkpoint had been written yet.";
                throw new NonFiniteLossException(ex.Step, ex.Loss, ex.LearningRate, note);
            }

            double seconds = (clock.Elapsed - stepStart).TotalSeconds;
            lastLoss = result.Loss;
            csv.Append(result.Step, result.Loss, result.LearningRate, options.EffectiveBatchSize / Math.Max(seconds, 1e-9), _session.PriorElapsedSeconds + clock.Elapsed.TotalSeconds);
            window.Add(result);

            if (result.Step % options.LogEvery == 0 || result.Step == options.Steps || result.Step == firstStep + 1)
            {
                var progress = window.Report(result, options, clock.Elapsed);
                _observer.OnProgress(progress);
                // The first report includes decoding the first batch, so it says nothing about steady state.
                if (reports > 0 && progress.DataWaitFraction > DataWaitWarningFraction && reports - lastWarning >= 10)
                {
                    _observer.OnMessage($"warning: data loading is behind: steps waited for data {progress.DataWaitFraction * 100:F0}% of the time over the last {window.Steps} step(s). Leave a core to the loader (--threads), or lower --max-short-side.");
                    lastWarning = reports;
                }

                reports++;
                window = new Window(clock.Elapsed);
            }

            if (result.Step % options.SaveEvery == 0)
            {
                Save(clock.Elapsed, lastLoss);
                savedStep = result.Step;
            }
        }

        if (savedStep != _session.Step)
        {
            Save(clock.Elapsed, lastLoss);
        }

        var elapsed = clock.Elapsed;
        long steps = _session.Step - firstStep;
        double sps = elapsed.TotalSeconds > 0 ? steps * options.EffectiveBatchSize / elapsed.TotalSeconds : 0;
        double wait = elapsed.TotalSeconds > 0 ? _session.TotalDataWait.TotalSeconds / elapsed.TotalSeconds : 0;
        return new TrainingRunResult(interrupted, _session.Step, CheckpointPath, lastLoss, sps, elapsed, wait);
    }

    private void Save(TimeSpan elapsed, double lastLoss)
    {
        var checkpoint = _session.Capture(elapsed.TotalSeconds, lastLoss);
        CheckpointFile.Write(CheckpointPath, checkpoint);
        _observer.OnMessage($"saved checkpoint at step {checkpoint.Step}: {CheckpointPath}");
    }

    /// <summary>Steps since the last progress report.</summary>
    private sealed class Window(TimeSpan start)
    {
        private double _lossSum;
        private TimeSpan _wait;

        public int Steps { get; private set; }

        public void Add(StepResult result)
        {
            Steps++;
            _lossSum += result.Loss;
            _wait += result.DataWait;
        }

        public TrainingProgress Report(StepResult last, TrainOptions options, TimeSpan now)
        {
            double seconds = Math.Max((now - start).TotalSeconds, 1e-9);
            double stepsPerSecond = Steps / seconds;
            var eta = TimeSpan.FromSeconds((options.Steps - last.Step) / stepsPerSecond);
            return new TrainingProgress(
                last.Step,
                options.Steps,
                _lossSum / Steps,
                last.LearningRate,
                stepsPerSecond * options.EffectiveBatchSize,
                now,
                eta,
                _wait.TotalSeconds / seconds);
        }
    }
}
