using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.Runtime.Tests.Kernels;

/// <summary>The <c>MAE_KERNELS</c> override parsing of <see cref="KernelSet"/>.</summary>
public sealed class KernelSetTests
{
    [Theory]
    [InlineData("cpu", KernelFamily.Cpu)]
    [InlineData(" CPU ", KernelFamily.Cpu)]
    [InlineData("tiled", KernelFamily.Tiled)]
    [InlineData("Tiled", KernelFamily.Tiled)]
    public void ParseOverride_AcceptsBothFamilies(string value, KernelFamily expected)
    {
        Assert.Equal(expected, KernelSet.ParseOverride(value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void ParseOverride_UnsetMeansChooseByDevice(string? value)
    {
        Assert.Null(KernelSet.ParseOverride(value));
    }

    [Fact]
    public void ParseOverride_RejectsATypo()
    {
        var ex = Assert.Throws<VulkanException>(() => KernelSet.ParseOverride("gpu"));
        Assert.Contains("MAE_KERNELS", ex.Message, StringComparison.Ordinal);
    }
}
