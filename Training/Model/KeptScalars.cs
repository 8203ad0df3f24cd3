using TorchSharp;

namespace MaeRealtime.Training.Model;

/// <summary>
/// TorchSharp <see cref="Scalar"/>s that live for the whole process, for the per-step hot path.
/// <para>
/// Why: a <see cref="Scalar"/> owns a native <c>at::Scalar</c> and frees it in its finalizer. TorchSharp creates
/// one behind every implicit conversion (<c>t.mul(0.5)</c>, <c>t + 1e-6</c>) and even behind <c>a + b</c> on two
/// tensors (<c>add(b)</c> is <c>add(b, alpha: 1)</c>). Nothing disposes those temporaries, and once their handle
/// has been passed into the P/Invoke nothing references them either, so optimized code lets the GC collect them
/// while libtorch is still reading them. A GC started by any other thread (data prefetch, progress display) then
/// runs the finalizer mid-operation, libtorch reads a freed Scalar's tag, and the step dies with
/// "Expected false to be true ... Exception raised from toFloat" (the calibration run's abort after ~1,250 steps;
/// docs/TRAINING.md shows a standalone reproduction). Code on the training path therefore passes only Scalars that
/// are kept alive: these constants, fields of the module or optimizer, or locals in a <c>using</c>; and it always
/// passes the alpha of add/add_ (TorchSharp's one-argument add(t), add(s), add_(t), add_(s) and addcdiv(t1, t2)
/// all forward a hidden literal 1, square() is pow(2), and arange(stop) fills its missing bounds the same way).
/// Tests/MaeRealtime.Training.Tests/Trainer/ScalarLifetimeTests.cs checks that a training step leaves no Scalar
/// to the finalizer.
/// </para>
/// </summary>
public static class KeptScalars
{
    /// <summary>0 (fills).</summary>
    public static Scalar Zero { get; } = 0.ToScalar();

    /// <summary>1 (the alpha of tensor + tensor).</summary>
    public static Scalar One { get; } = 1.ToScalar();

    /// <summary>2 (squares: TorchSharp's square() is pow(2) with a temporary Scalar).</summary>
    public static Scalar Two { get; } = 2.ToScalar();

    /// <summary>
    /// a + b without TorchSharp's hidden temporary alpha Scalar: the same numbers as <c>a + b</c>.
    /// The caller owns the result (or its dispose scope does).
    /// </summary>
    public static torch.Tensor Add(torch.Tensor a, torch.Tensor b) => a.add(b, One);
}
