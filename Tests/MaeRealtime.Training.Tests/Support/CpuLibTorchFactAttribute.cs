using TorchSharp;

namespace MaeRealtime.Training.Tests.Support;

/// <summary>
/// A fact about the CPU build of libtorch refusing CUDA. Where CUDA is available (a CUDA build on a GPU machine)
/// there is no refusal to test, so the test is reported as skipped with that reason instead of passing vacuously.
/// </summary>
public sealed class CpuLibTorchFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when CUDA is available.</summary>
    public CpuLibTorchFactAttribute()
    {
        if (torch.cuda.is_available())
        {
            Skip = "CUDA is available: this libtorch build accepts 'cuda', so its refusal cannot be tested here.";
        }
    }
}
