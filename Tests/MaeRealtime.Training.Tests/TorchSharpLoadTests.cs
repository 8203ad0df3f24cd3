using TorchSharp;

namespace MaeRealtime.Training.Tests;

/// <summary>
/// Guards the native load path: on Debian 12 TorchSharp's shim only loads after the build step in
/// build/TorchSharpGlibcxxFix.targets has weakened its GLIBCXX_3.4.32 requirement.
/// </summary>
public sealed class TorchSharpLoadTests
{
    [Fact]
    public void CreatesAndComputesATensor()
    {
        using var a = torch.arange(6, dtype: torch.float32).reshape(2, 3);
        using var b = a.sum();
        Assert.Equal(15f, b.item<float>());
        Assert.Equal(new long[] { 2, 3 }, a.shape);
    }
}
