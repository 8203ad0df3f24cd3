using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Tests.Gpu;
using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.Runtime.Tests.Inference;

/// <summary>
/// Where fp16 activations run and where they are refused by name: only the tiled family has them, and on a host's
/// device only when the host says it enabled 16-bit storage (Vulkan cannot be asked).
/// </summary>
public sealed class ActivationPrecisionTests(GpuFixture fixture) : GpuTest(fixture)
{
    private static readonly MaeConfig Tiny = MaeConfigPresets.Get("tiny");

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("fp16", ActivationPrecision.Float16)]
    [InlineData(" FP32 ", ActivationPrecision.Float32)]
    public void Override_Parses(string? value, ActivationPrecision? expected) =>
        Assert.Equal(expected, ActivationPrecisionChoice.ParseOverride(value));

    [Fact]
    public void Override_Typo_IsAnError_NamingTheVariable()
    {
        var ex = Assert.Throws<VulkanException>(() => ActivationPrecisionChoice.ParseOverride("half"));
        Assert.Contains("MAE_ACTIVATIONS='half'", ex.Message);
    }

    [Fact]
    public void Float16_OnTheCpuFamily_IsRefused_NamingTheFamily()
    {
        using var dir = new TempDirectory();
        using var weights = new GpuWeights(Context, WeightFile.Load(TestWeights.WriteRandom(Tiny, seed: 3, dir.Path)));
        int before = Context.LiveObjects;
        var ex = Assert.Throws<VulkanException>(() => new MaeForward(Context, weights, 1, KernelFamily.Cpu, ActivationPrecision.Float16));
        Assert.Contains("tiled kernel family", ex.Message);
        Assert.Equal(before, Context.LiveObjects);
        using var cpu = new MaeForward(Context, weights, 1, KernelFamily.Cpu);
        Assert.False(cpu.HalfActivations);
    }

    [Fact]
    public void AnAdoptedDevice_RunsFp16_OnlyOnTheHostsWord()
    {
        Assert.True(Context.StorageBuffer16BitAccess, "the test device (lavapipe) offers storageBuffer16BitAccess, and a device created here enables it");
        using var dir = new TempDirectory();
        string path = TestWeights.WriteRandom(Tiny, seed: 4, dir.Path);
        using (var silent = Adopt(hostEnabled16: false))
        {
            using var weights = new GpuWeights(silent, WeightFile.Load(path));
            using (var auto = new MaeForward(silent, weights, 1, KernelFamily.Tiled))
            {
                Assert.False(auto.HalfActivations);
            }

            var ex = Assert.Throws<VulkanException>(() => new MaeForward(silent, weights, 1, KernelFamily.Tiled, ActivationPrecision.Float16));
            Assert.Contains("HostEnabledStorageBuffer16BitAccess", ex.Message);
        }

        using var told = Adopt(hostEnabled16: true);
        using var toldWeights = new GpuWeights(told, WeightFile.Load(path));
        using var half = new MaeForward(told, toldWeights, 1, KernelFamily.Tiled);
        Assert.True(half.HalfActivations);
    }

    private GpuContext Adopt(bool hostEnabled16) =>
        GpuContext.Adopt(Context.Vk, Context.Instance, Context.PhysicalDevice, Context.Device, Context.QueueFamilyIndex,
            options: new GpuContextOptions { PipelineCacheDirectory = string.Empty, HostEnabledStorageBuffer16BitAccess = hostEnabled16 });
}
