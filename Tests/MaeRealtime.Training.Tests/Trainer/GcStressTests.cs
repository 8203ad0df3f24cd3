using MaeRealtime.Runtime.Model;
using MaeRealtime.Training.Trainer;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Tests.Trainer;

/// <summary>
/// Training steps while another thread forces garbage collections and finalizers non-stop: the situation that
/// aborted the calibration run with "Scalar toFloat ... Expected false to be true" when a temporary Scalar was
/// finalized inside a libtorch call (see KeptScalars). Runs alone, so its collections cannot disturb other tests.
/// </summary>
[Collection(GcStressCollection.Name)]
public sealed class GcStressTests
{
    [Theory]
    [InlineData(TrainMode.Inpaint, false)]
    [InlineData(TrainMode.Pretrain, true)]
    public void TrainingSteps_SurviveConstantGarbageCollection(TrainMode mode, bool normPixLoss)
    {
        var options = TrainerTestSetup.Options(mode) with { Steps = 200 };
        var config = TrainerTestSetup.Config with { Target = normPixLoss ? PixelTarget.PerPatchNormalized : PixelTarget.Normalized };
        using var session = TrainingSession.Start(config, options, TrainerTestSetup.Data, CPU);
        using var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        })
        { IsBackground = true };
        collector.Start();
        try
        {
            for (int i = 0; i < 25; i++)
            {
                Assert.True(double.IsFinite(session.RunStep().Loss));
            }
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }
    }
}
