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
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SteadyStateRecord_AllocatesNothing_AndReplaysTheRecordedPass(bool allInputs)
    {
        using var dir = new TempDirectory();
        using var weights = new GpuWeights(Context, WeightFile.Load(TestWeights.WriteRandom(MaeConfigPresets.Get("tiny"), seed: 9, dir.Path)));
        int w = 80, h = 48;
        using var inpainter = new FrameInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = w, MaxHeight = h, FramesInFlight = 2, History = allInputs });
        using var color = new GpuImage(Context, w, h, Format.R8G8B8A8Unorm, ImageUsageFlags.SampledBit | ImageUsageFlags.TransferDstBit);
        using var mask = new GpuImage(Context, w, h, Format.R8Unorm, ImageUsageFlags.SampledBit | ImageUsageFlags.TransferDstBit);
        using var output = new GpuImage(Context, w, h, Format.R8G8B8A8Unorm, ImageUsageFlags.StorageBit);
        using var depth = new GpuImage(Context, w, h, Format.R32Sfloat, ImageUsageFlags.SampledBit | ImageUsageFlags.TransferDstBit);
        using var motion = new GpuImage(Context, w, h, Format.R16G16Sfloat, ImageUsageFlags.SampledBit | ImageUsageFlags.TransferDstBit);
        var inputs = allInputs ? new[] { color, mask, depth, motion } : new[] { color, mask };
        var frame = new FrameImages { Width = w, Height = h, Color = color.Handle, ColorFormat = FrameColorFormat.Rgba8Unorm, Mask = mask.Handle, Output = output.Handle, OutputFormat = FrameColorFormat.Rgba8Unorm };
        if (allInputs)
        {
            frame = frame with { Depth = depth.Handle, DepthFormat = Format.R32Sfloat, Motion = motion.Handle, MotionFormat = Format.R16G16Sfloat, Flags = FrameFlags.ReversedDepth };
        }

        // Every pipeline exists once the inpainter does: recording a frame creates none (no hitch in the host's frame).
        int pipelines = Context.Kernels.Count;
        var allocated = new List<long>();
        var rerecorded = new List<bool>();
        for (int i = 0; i < 6; i++)
        {
            Context.SubmitAndWait(cmd =>
            {
                var range = new ImageSubresourceRange(ImageAspectFlags.ColorBit, 0, 1, 0, 1);
                foreach (var image in inputs)
                {
                    // Grey colour; a mask of 1 (every pixel a hole: how 0.5 rounds into R8 is the implementation's choice).
                    float value = image == mask ? 1f : 0.5f;
                    var clear = new ClearColorValue(value, value, value, 1f);
                    image.Transition(cmd, ImageLayout.Undefined, ImageLayout.TransferDstOptimal, PipelineStageFlags.TopOfPipeBit, 0, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit);
                    unsafe
                    {
                        Context.Vk.CmdClearColorImage(cmd, image.Handle, ImageLayout.TransferDstOptimal, &clear, 1, &range);
                    }

                    image.Transition(cmd, ImageLayout.TransferDstOptimal, ImageLayout.ShaderReadOnlyOptimal, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderReadBit);
                }

                output.Transition(cmd, ImageLayout.Undefined, ImageLayout.General, PipelineStageFlags.TopOfPipeBit, 0, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit);
                // A camera cut now and then is a per-frame flag: it must not re-record the pass either.
                var thisFrame = allInputs && i == 4 ? frame with { Flags = frame.Flags | FrameFlags.CameraCut } : frame;
                long before = GC.GetAllocatedBytesForCurrentThread();
                inpainter.Record(cmd, thisFrame);
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
        Assert.Equal(stats.Grid.Count, stats.ActiveTiles); // the mask is 1 everywhere: all holes
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
