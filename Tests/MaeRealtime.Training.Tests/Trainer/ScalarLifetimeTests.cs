using MaeRealtime.Runtime.Model;
using MaeRealtime.Training.Tests.Support;
using MaeRealtime.Training.Trainer;
using TorchSharp;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Tests.Trainer;

/// <summary>
/// The training step must leave no TorchSharp Scalar or Tensor to the finalizer: any such object was a temporary
/// that libtorch could have been reading when a GC on another thread finalized it (the "Scalar toFloat ... Expected
/// false to be true" abort). Deterministic, unlike <see cref="GcStressTests"/>, which hunts the race itself.
/// </summary>
[Collection(GcStressCollection.Name)]
public sealed class ScalarLifetimeTests
{
    [Theory]
    [InlineData(TrainMode.Pretrain, false)]
    [InlineData(TrainMode.Pretrain, true)]
    [InlineData(TrainMode.Inpaint, false)]
    [InlineData(TrainMode.Inpaint, false, DecoderKind.MaskedQueries)]
    public void TrainingSteps_LeaveNoScalarOrTensorToTheFinalizer(TrainMode mode, bool normPixLoss, DecoderKind decoder = DecoderKind.Full)
    {
        var config = TrainerTestSetup.Config with { Target = normPixLoss ? PixelTarget.PerPatchNormalized : PixelTarget.Normalized, Decoder = decoder };
        var options = TrainerTestSetup.Options(mode) with { ContextRadii = decoder == DecoderKind.MaskedQueries ? "0,1,2" : string.Empty };
        using var session = TrainingSession.Start(config, options, TrainerTestSetup.Data, CPU);
        session.RunStep(); // the first step builds the prefetcher and lazily initialized state

        using var audit = new FinalizerAudit();
        audit.FinalizedAfterCollect(typeof(Scalar));
        audit.Reset();
        for (int i = 0; i < 3; i++)
        {
            session.RunStep();
        }

        _ = session.Capture(0, 0); // checkpointing runs between steps while the prefetch thread allocates

        Assert.Equal(0, audit.FinalizedAfterCollect(typeof(Scalar)));
        Assert.Equal(0, audit.Count(typeof(Tensor)));
        Assert.Equal(0, audit.Count(typeof(TorchSharp.Modules.Parameter)));
    }

    [Fact]
    public void TheAuditSeesAnUndisposedTemporaryScalar()
    {
        using var a = ones(2, 2);
        using var b = ones(2, 2);
        using var audit = new FinalizerAudit();
        audit.FinalizedAfterCollect(typeof(Scalar));
        audit.Reset();
        for (int i = 0; i < 5; i++)
        {
            using var c = a + b; // TorchSharp's add(b) passes a temporary alpha Scalar of 1
        }

        Assert.Equal(5, audit.FinalizedAfterCollect(typeof(Scalar)));
    }
}
