using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Tests.Gpu;
using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Tests.Frames;

/// <summary>
/// The host-side contract of <see cref="FrameInpainter.Record"/>: after the first frame of each slot it replays
/// the recorded pass, allocating no managed memory; statistics arrive from completed frames.
/// </summary>
public sealed class FrameRecordSteadyStateTests(GpuFixture fixture) : GpuTest(fixture)
{
    [Fact]
    public void SteadyStateRecord_AllocatesNothing_AndReplaysTheRecordedPass()
    {
        using var dir = new TempDirectory();
        using var weights = new GpuWeights(Context, WeightFile.Load(TestWeights.WriteRandom(MaeConfigPresets.Get("tiny"), seed: 9, dir.Path)));
        int w = 80, h = 48;
        using var inpainter = new FrameInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = w, MaxHeight = h, FramesInFlight = 2 });
        using var color = new GpuImage(Context, w, h, Format.R8G8B8A8Unorm, ImageUsageFlags.SampledBit | ImageUsageFlags.TransferDstBit);
        using var mask = new GpuImage(Context, w, h, Format.R8Unorm, ImageUsageFlags.SampledBit | ImageUsageFlags.TransferDstBit);
        using var output = new GpuImage(Context, w, h, Format.R8G8B8A8Unorm, ImageUsageFlags.StorageBit);
        var frame = new FrameImages { Width = w, Height = h, Color = color.Handle, ColorFormat = FrameColorFormat.Rgba8Unorm, Mask = mask.Handle, Output = output.Handle, OutputFormat = FrameColorFormat.Rgba8Unorm };

        // Every pipeline exists once the inpainter does: recording a frame creates none (no hitch in the host's frame).
        int pipelines = Context.Kernels.Count;
        var allocated = new List<long>();
        var rerecorded = new List<bool>();
        for (int i = 0; i < 6; i++)
        {
            Context.SubmitAndWait(cmd =>
            {
                var clear = new ClearColorValue(0.5f, 0.5f, 0.5f, 1f);
                var range = new ImageSubresourceRange(ImageAspectFlags.ColorBit, 0, 1, 0, 1);
                foreach (var image in new[] { color, mask })
                {
                    image.Transition(cmd, ImageLayout.Undefined, ImageLayout.TransferDstOptimal, PipelineStageFlags.TopOfPipeBit, 0, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit);
                    unsafe
                    {
                        Context.Vk.CmdClearColorImage(cmd, image.Handle, ImageLayout.TransferDstOptimal, &clear, 1, &range);
                    }

                    image.Transition(cmd, ImageLayout.TransferDstOptimal, ImageLayout.ShaderReadOnlyOptimal, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderReadBit);
                }

                output.Transition(cmd, ImageLayout.Undefined, ImageLayout.General, PipelineStageFlags.TopOfPipeBit, 0, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit);
                long before = GC.GetAllocatedBytesForCurrentThread();
                inpainter.Record(cmd, frame);
                allocated.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            });
            rerecorded.Add(inpainter.UpdateStats()!.Rerecorded);
        }

        // Frames 0 and 1 record one slot each; from frame 2 on every Record replays. Frame 2 is also the first to
        // read a completed frame's queries, and Silk.NET resolves a Vulkan entry point (allocating) on its first call.
        Assert.Equal([true, true, false, false, false, false], rerecorded);
        Assert.Equal(pipelines, Context.Kernels.Count);
        Assert.All(allocated.Skip(3), bytes => Assert.Equal(0, bytes));
        var stats = inpainter.LatestStats!;
        Assert.Equal(5, stats.FrameNumber);
        Assert.Equal(stats.Grid.Count, stats.ActiveTiles); // the mask is 0.5 everywhere: all holes
        if (Context.TimestampsSupported)
        {
            Assert.True(stats.GpuMilliseconds > 0);
            Assert.Equal(FrameInpainter.StageNames.Count, stats.StageMilliseconds.Length);
            double stageSum = stats.StageMilliseconds.ToArray().Sum();
            Assert.Equal(stats.GpuMilliseconds, stageSum, 6);

            // A frame recorded but not completed (here: never submitted) must leave the latest completed frame's numbers alone.
            RecordUnsubmitted(inpainter, frame);
            Assert.Same(stats, inpainter.UpdateStats());
            Assert.Equal(5, stats.FrameNumber);
            Assert.Equal(stageSum, stats.StageMilliseconds.ToArray().Sum(), 6);
        }
    }

    private unsafe void RecordUnsubmitted(FrameInpainter inpainter, FrameImages frame)
    {
        var vk = Context.Vk;
        var info = new CommandBufferAllocateInfo { SType = StructureType.CommandBufferAllocateInfo, CommandPool = Context.CommandPool, Level = CommandBufferLevel.Primary, CommandBufferCount = 1 };
        CommandBuffer cmd;
        vk.AllocateCommandBuffers(Context.Device, &info, &cmd);
        var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo };
        vk.BeginCommandBuffer(cmd, &begin);
        inpainter.Record(cmd, frame);
        vk.EndCommandBuffer(cmd);
        vk.FreeCommandBuffers(Context.Device, Context.CommandPool, 1, &cmd);
    }
}
