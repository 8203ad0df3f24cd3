using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Tests.Gpu;
using MaeRealtime.Runtime.Tests.Support;
using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.Runtime.Tests.Vulkan;

public sealed class GpuContextTests(GpuFixture fixture) : GpuTest(fixture)
{
    [Fact]
    public void AdoptedContext_NeverDestroysTheHostsDevice()
    {
        using (var adopted = GpuContext.Adopt(Context.Vk, Context.Instance, Context.PhysicalDevice, Context.Device, Context.QueueFamilyIndex,
            options: new GpuContextOptions { PipelineCacheDirectory = string.Empty }))
        {
            Assert.False(adopted.OwnsDevice);
            RunTinyForward(adopted);
        }

        // The host's device still works after the adopted context is gone.
        RunTinyForward(Context);
    }

    [Fact]
    public void UnknownDeviceSelector_ListsTheAvailableDevices()
    {
        var ex = Assert.Throws<VulkanException>(() => GpuContext.Create(new GpuContextOptions { Device = "no-such-gpu-xyz", PipelineCacheDirectory = string.Empty }));
        Assert.Contains("no-such-gpu-xyz", ex.Message);
        Assert.Contains(Context.DeviceName, ex.Message);
    }

    [Fact]
    public void DeviceSelector_ByIndexAndName_FindsTheDevice()
    {
        using var byName = GpuContext.Create(new GpuContextOptions { Device = Context.DeviceName[..4], PipelineCacheDirectory = string.Empty });
        Assert.Equal(Context.DeviceName, byName.DeviceName);
    }

    [Fact]
    public void PipelineCache_IsPersistedOnDispose()
    {
        using var dir = new TempDirectory();
        using (var ctx = GpuContext.Create(new GpuContextOptions { PipelineCacheDirectory = dir.Path }))
        {
            RunTinyForward(ctx);
        }

        var files = Directory.GetFiles(dir.Path, "pipelines-*.bin");
        Assert.Single(files);
        Assert.True(new FileInfo(files[0]).Length > 0);

        // A second context starts from the saved cache and still produces correct results.
        using var again = GpuContext.Create(new GpuContextOptions { PipelineCacheDirectory = dir.Path });
        RunTinyForward(again);
    }

    [Fact]
    public void ForwardTimer_ReportsEveryStage()
    {
        Assert.True(Context.TimestampsSupported);
        using var dir = new TempDirectory();
        var file = WeightFile.Load(TestWeights.WriteRandom(TinyConfig, 2, dir.Path));
        using var weights = new GpuWeights(Context, file);
        using var forward = new MaeForward(Context, weights, 1);
        Run(forward, TinyConfig);
        Assert.Equal(MaeForward.StageNames, forward.Timer.Stages);
        Assert.All(forward.Timer.StageMilliseconds, ms => Assert.True(ms >= 0));
        Assert.True(forward.Timer.TotalMilliseconds > 0);
    }

    private static MaeConfig TinyConfig => new() { ImageSize = 16, PatchSize = 4, EmbedDim = 12, Depth = 1, NumHeads = 3, DecoderEmbedDim = 8, DecoderDepth = 1, DecoderNumHeads = 2 };

    private static void RunTinyForward(GpuContext context)
    {
        using var dir = new TempDirectory();
        var file = WeightFile.Load(TestWeights.WriteRandom(TinyConfig, 2, dir.Path));
        using var weights = new GpuWeights(context, file);
        using var forward = new MaeForward(context, weights, 1);
        var output = Run(forward, TinyConfig);
        Assert.Equal(0.25f, output[0]);
    }

    private static float[] Run(MaeForward forward, MaeConfig config)
    {
        int s = config.ImageSize;
        var images = Enumerable.Repeat(0.25f, s * s * 3).ToArray();
        var holes = new float[s * s];
        holes[^1] = 1;
        var output = new float[images.Length];
        forward.Run(images, holes, TileMasking.FromHoleMasks(config, holes, 1), output);
        Assert.All(output, v => Assert.True(float.IsFinite(v)));
        return output;
    }
}
