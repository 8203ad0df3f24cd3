using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Tests.Gpu;
using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Tests.Misuse;

/// <summary>
/// What a host can get wrong with the engine objects: disposing twice, disposing in the wrong order, a
/// constructor failing halfway, recording from two threads, re-creating images. Each must either work or
/// throw a clear exception, and never free memory in use or leak Vulkan objects (counted by
/// <see cref="GpuContext.LiveObjects"/>).
/// </summary>
public sealed class EngineMisuseTests(GpuFixture fixture) : GpuTest(fixture)
{
    private static readonly MaeConfig Tiny = MaeConfigPresets.Get("tiny");

    [Fact]
    public void Dispose_Twice_IsHarmless_ForEveryEngineObject()
    {
        using var dir = new TempDirectory();
        int before = Context.LiveObjects;
        var weights = new GpuWeights(Context, WeightFile.Load(TestWeights.WriteRandom(Tiny, seed: 1, dir.Path)));
        var forward = new MaeForward(Context, weights, 2);
        var inpainter = new FrameInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = 40, MaxHeight = 40 });
        var images = new ImageInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = 40, MaxHeight = 40 });
        var buffer = new GpuBuffer(Context, 64, "twice");
        var image = new GpuImage(Context, 8, 8, Format.R8G8B8A8Unorm, ImageUsageFlags.SampledBit);
        var timer = new GpuTimer(Context, ["a", "b"]);
        var commands = new ReusableCommandBuffer(Context);
        Assert.True(Context.LiveObjects > before);

        foreach (IDisposable d in new IDisposable[] { commands, timer, image, buffer, images, inpainter, forward, weights })
        {
            d.Dispose();
            d.Dispose();
        }

        Assert.Equal(before, Context.LiveObjects);
        Assert.True(weights.IsDisposed && forward.IsDisposed && inpainter.IsDisposed && buffer.IsDisposed);
    }

    [Fact]
    public void OwnContext_DisposedTwice_IsHarmless()
    {
        var context = GpuContext.Create(new GpuContextOptions { Validation = true, PipelineCacheDirectory = string.Empty });
        Assert.True(context.LiveObjects > 0); // its command pool, layouts and pipeline cache
        context.Dispose();
        context.Dispose();
        Assert.True(context.IsDisposed);
        Assert.Equal(0, context.LiveObjects);
        Assert.Throws<ObjectDisposedException>(() => new GpuWeights(context, WeightFile.Load(TestWeights.WriteRandom(Tiny, 1, Path.GetTempPath()))));
    }

    [Fact]
    public void GpuBuffer_FailingAtEachCreation_LeaksNothing() =>
        FailEveryCreation("GpuBuffer", () => new GpuBuffer(Context, 256, "injected"));

    [Fact]
    public void MaeForward_FailingAtEachCreation_LeaksNothing()
    {
        using var dir = new TempDirectory();
        using var weights = new GpuWeights(Context, WeightFile.Load(TestWeights.WriteRandom(Tiny, seed: 2, dir.Path)));
        FailEveryCreation("MaeForward", () => new MaeForward(Context, weights, 2));
        Assert.Empty(weights.Users); // the failed constructors did not register
    }

    [Fact]
    public void FrameInpainter_FailingAtEachCreation_LeaksNothing()
    {
        using var dir = new TempDirectory();
        using var weights = new GpuWeights(Context, WeightFile.Load(TestWeights.WriteRandom(Tiny, seed: 3, dir.Path)));
        FailEveryCreation("FrameInpainter", () => new FrameInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = 70, MaxHeight = 40, FramesInFlight = 3 }));
        Assert.Empty(weights.Users);
    }

    [Fact]
    public void DisposingWeights_UnderALiveInpainter_Throws_AndFreesNothing_ThenRecordOfADisposedPassThrows()
    {
        using var dir = new TempDirectory();
        var weights = new GpuWeights(Context, WeightFile.Load(TestWeights.WriteRandom(Tiny, seed: 4, dir.Path)));
        var host = new FrameHost(Context, 40, 32);
        var inpainter = new FrameInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = 40, MaxHeight = 32 });
        try
        {
            var ex = Assert.Throws<InvalidOperationException>(() => weights.Dispose());
            Assert.Contains("FrameInpainter (40x32)", ex.Message);
            Assert.Contains("MaeForward", ex.Message);
            Assert.False(weights.IsDisposed);
            Assert.False(weights.Buffer.IsDisposed);

            // The refused disposal changed nothing: the pass still runs, and validation stays clean.
            host.Run(inpainter, holeValue: 255);
            Assert.True(inpainter.UpdateStats()!.ActiveTiles > 0);
        }
        finally
        {
            inpainter.Dispose();
        }

        weights.Dispose();
        Assert.True(weights.Buffer.IsDisposed);
        var recordEx = Assert.Throws<ObjectDisposedException>(() => host.Run(inpainter, holeValue: 255));
        Assert.Contains("FrameInpainter.Record", recordEx.Message);
        Assert.Throws<ObjectDisposedException>(() => new FrameInpainter(Context, weights));
        host.Dispose();
    }

    [Fact]
    public void DisposingTheContext_UnderLiveWeights_Throws_NamingThem()
    {
        using var dir = new TempDirectory();
        // An adopted context on the fixture's device: disposing it for real afterwards leaves the device alone.
        var adopted = GpuContext.Adopt(Context.Vk, Context.Instance, Context.PhysicalDevice, Context.Device, Context.QueueFamilyIndex,
            options: new GpuContextOptions { PipelineCacheDirectory = string.Empty });
        var weights = new GpuWeights(adopted, WeightFile.Load(TestWeights.WriteRandom(Tiny, seed: 5, dir.Path)));
        var ex = Assert.Throws<InvalidOperationException>(() => adopted.Dispose());
        Assert.Contains("GpuWeights 'random-5-Float32.maew'", ex.Message);
        Assert.False(adopted.IsDisposed);

        weights.Dispose();
        adopted.Dispose();
        Assert.True(adopted.IsDisposed);
        Assert.Equal(0, adopted.LiveObjects);
    }

    [Fact]
    public void Record_FromASecondThreadWhileRecording_Throws()
    {
        using var dir = new TempDirectory();
        using var weights = new GpuWeights(Context, WeightFile.Load(TestWeights.WriteRandom(Tiny, seed: 6, dir.Path)));
        using var host = new FrameHost(Context, 40, 32);
        using var inpainter = new FrameInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = 40, MaxHeight = 32 });
        Exception? fromOtherThread = null;
        inpainter.WhileRecording = () =>
        {
            // Deterministic overlap: the first Record holds the inpainter while a second thread calls it.
            var other = new Thread(() => fromOtherThread = Record.Exception(() => inpainter.UpdateStats()));
            other.Start();
            other.Join();
            fromOtherThread ??= new Exception("no exception");
        };
        host.Run(inpainter, holeValue: 255);
        var ex = Assert.IsType<InvalidOperationException>(fromOtherThread);
        Assert.Contains("one thread at a time", ex.Message);

        // The first call finished normally and released the inpainter.
        inpainter.WhileRecording = null;
        host.Run(inpainter, holeValue: 255);
        Assert.NotNull(inpainter.UpdateStats());
    }

    [Fact]
    public void NewImageGeneration_GetsNewViews_AndTheOldOnesAreDestroyedAfterTheFramesInFlight()
    {
        using var dir = new TempDirectory();
        using var weights = new GpuWeights(Context, WeightFile.Load(TestWeights.WriteRandom(Tiny, seed: 7, dir.Path)));
        using var host = new FrameHost(Context, 40, 32);
        using var inpainter = new FrameInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = 40, MaxHeight = 32, FramesInFlight = 2 });
        host.Run(inpainter, holeValue: 255);
        host.Run(inpainter, holeValue: 255);
        int steady = Context.LiveObjects;
        host.Run(inpainter, holeValue: 255);
        Assert.Equal(steady, Context.LiveObjects);
        Assert.False(inpainter.UpdateStats()!.Rerecorded);

        // Generation 1: three new views (colour, mask, output), the three old ones retired, not destroyed yet.
        host.Generation = 1;
        host.Run(inpainter, holeValue: 255);
        Assert.Equal(steady + 3, Context.LiveObjects);
        Assert.True(inpainter.UpdateStats()!.Rerecorded);
        host.Run(inpainter, holeValue: 255);
        host.Run(inpainter, holeValue: 255);
        Assert.Equal(steady, Context.LiveObjects);
        Assert.False(inpainter.UpdateStats()!.Rerecorded);

        // ForgetImage destroys the views at once and forces the slots that used them to re-record.
        inpainter.ForgetImage(host.Output.Handle);
        Assert.Equal(steady - 1, Context.LiveObjects);
        host.Run(inpainter, holeValue: 255);
        Assert.True(inpainter.UpdateStats()!.Rerecorded);
        host.Run(inpainter, holeValue: 255);
        Assert.True(inpainter.UpdateStats()!.Rerecorded);
        Assert.Equal(steady, Context.LiveObjects);
    }

    /// <summary>
    /// Makes creation 1, 2, 3, ... of <paramref name="create"/> fail until it succeeds; after each failure the
    /// live-object count must be back where it was. A first successful run creates the context's lazily built
    /// pipelines, which belong to the context, so later runs start from a steady count.
    /// </summary>
    private void FailEveryCreation(string what, Func<IDisposable> create)
    {
        create().Dispose();
        int baseline = Context.LiveObjects;
        int failures = 0;
        for (int n = 1; ; n++)
        {
            Context.FailNthCreation(n);
            IDisposable? made = null;
            try
            {
                made = create();
            }
            catch (VulkanException ex) when (ex.Message.Contains("[injected failure]", StringComparison.Ordinal))
            {
                failures++;
                Assert.True(baseline == Context.LiveObjects, $"{what}: failing creation {n} ({ex.Call}) left {Context.LiveObjects - baseline} Vulkan object(s) alive");
                continue;
            }
            finally
            {
                Context.FailNthCreation(0);
            }

            made.Dispose();
            Assert.Equal(baseline, Context.LiveObjects);
            break;
        }

        Assert.True(failures >= 2, $"{what}: only {failures} creation point(s) were exercised");
    }
}
