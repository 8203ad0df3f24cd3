using MaeRealtime.TestSupport;
using MaeRealtime.Training.Trainer;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Tests.Trainer;

public sealed class TrainingLoopTests
{
    [Fact]
    public void Run_LogsEveryStep_ReportsProgress_AndSavesAtTheEnd()
    {
        using var dir = new TempDirectory();
        var options = TrainerTestSetup.Options() with { Steps = 4, SaveEvery = 3, LogEvery = 2 };
        using var session = TrainingSession.Start(TrainerTestSetup.Config, options, TrainerTestSetup.Data, CPU);
        var observer = new RecordingObserver();

        var result = new TrainingLoop(session, dir.Path, observer).Run();

        Assert.False(result.Interrupted);
        Assert.Equal(4, result.Step);
        Assert.Equal([1L, 2, 4], observer.Progress.Select(p => p.Step));
        Assert.All(observer.Progress, p => Assert.True(p.SamplesPerSecond > 0 && double.IsFinite(p.Loss)));
        Assert.Equal(2, observer.Messages.Count(m => m.StartsWith("saved checkpoint", StringComparison.Ordinal)));
        string[] csv = File.ReadAllLines(dir.File(TrainingCsvLog.FileName));
        Assert.Equal(TrainingCsvLog.Header, csv[0]);
        Assert.Equal(["1", "2", "3", "4"], csv.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal(4, CheckpointFile.Read(result.CheckpointPath).Step);
    }

    [Fact]
    public void Cancel_SavesTheLastWholeStep_AndResumingTrimsTheLog()
    {
        using var dir = new TempDirectory();
        var options = TrainerTestSetup.Options() with { Steps = 50, LogEvery = 1 };
        using var cancel = new CancellationTokenSource();
        using (var session = TrainingSession.Start(TrainerTestSetup.Config, options, TrainerTestSetup.Data, CPU))
        {
            var observer = new RecordingObserver(p =>
            {
                if (p.Step == 3)
                {
                    cancel.Cancel(); // what Ctrl-C / SIGTERM do in mae train
                }
            });
            var result = new TrainingLoop(session, dir.Path, observer).Run(cancel.Token);
            Assert.True(result.Interrupted);
            Assert.Equal(3, result.Step);
        }

        var checkpoint = CheckpointFile.Read(dir.File(TrainingCheckpoint.FileName));
        Assert.Equal(3, checkpoint.Step);

        // Rows past the checkpoint (none here, but a crash could leave some) are dropped when the run continues.
        File.AppendAllText(dir.File(TrainingCsvLog.FileName), "4,1.0,0.1,1.0,1.0\n");
        using var resumed = TrainingSession.Resume(checkpoint, options with { Steps = 5 }, TrainerTestSetup.Data, CPU);
        var done = new TrainingLoop(resumed, dir.Path, new RecordingObserver()).Run();
        Assert.Equal(5, done.Step);
        Assert.Equal(["1", "2", "3", "4", "5"], File.ReadAllLines(dir.File(TrainingCsvLog.FileName)).Skip(1).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public void NonFiniteLoss_StopsNamingTheStep_AndKeepsTheLastGoodCheckpoint()
    {
        using var dir = new TempDirectory();
        var options = TrainerTestSetup.Options() with { Steps = 30, WarmupSteps = 0, BaseLearningRate = 1e30, SaveEvery = 1 };
        using var session = TrainingSession.Start(TrainerTestSetup.Config, options, TrainerTestSetup.Data, CPU);

        var ex = Assert.Throws<NonFiniteLossException>(() => new TrainingLoop(session, dir.Path, new RecordingObserver()).Run());

        Assert.Contains($"at step {ex.Step}", ex.Message);
        Assert.True(ex.Step >= 2, $"step 1 runs on the initial weights and cannot diverge (failed at {ex.Step})");
        Assert.Contains("last good checkpoint", ex.Message);
        var kept = CheckpointFile.Read(dir.File(TrainingCheckpoint.FileName));
        Assert.Equal(ex.Step - 1, kept.Step);
        Assert.True(double.IsFinite(kept.LastLoss));
    }

    private sealed class RecordingObserver(Action<TrainingProgress>? onProgress = null) : ITrainingObserver
    {
        public List<TrainingProgress> Progress { get; } = [];

        public List<string> Messages { get; } = [];

        public void OnProgress(TrainingProgress progress)
        {
            Progress.Add(progress);
            onProgress?.Invoke(progress);
        }

        public void OnMessage(string message) => Messages.Add(message);
    }
}
