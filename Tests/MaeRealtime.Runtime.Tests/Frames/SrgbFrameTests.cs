using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Tests.Gpu;
using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Tests.Frames;

/// <summary>
/// SRGB frames: the pass reads and writes an R8G8B8A8_SRGB image through UNORM views (its stored bytes are the
/// model's encoding), so the result must be byte-identical to the same bytes in an R8G8B8A8_UNORM image.
/// </summary>
public sealed class SrgbFrameTests(GpuFixture fixture) : GpuTest(fixture)
{
    [Fact]
    public void SrgbImages_GiveTheSameBytesAsUnormImages()
    {
        using var dir = new TempDirectory();
        using var weights = new GpuWeights(Context, WeightFile.Load(TestWeights.WriteRandom(MaeConfigPresets.Get("tiny"), seed: 12, dir.Path)));
        int w = 61, h = 37;
        var rgba = FrameTestData.Rgba(w, h, 9);
        var mask = FrameTestData.Mask(w, h, (7, 5, 20, 9), (40, 20, 15, 15));

        byte[] expected = new byte[rgba.Length];
        using (var unorm = new ImageInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = w, MaxHeight = h }))
        {
            unorm.Inpaint(rgba, mask, w, h, expected);
        }

        using var inpainter = new FrameInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = w, MaxHeight = h });
        const ImageCreateFlags mutable = ImageCreateFlags.CreateMutableFormatBit | ImageCreateFlags.CreateExtendedUsageBit;
        using var color = new GpuImage(Context, w, h, Format.R8G8B8A8Srgb, ImageUsageFlags.SampledBit | ImageUsageFlags.TransferDstBit, mutable);
        using var holes = new GpuImage(Context, w, h, Format.R8Unorm, ImageUsageFlags.SampledBit | ImageUsageFlags.TransferDstBit);
        using var output = new GpuImage(Context, w, h, Format.R8G8B8A8Srgb, ImageUsageFlags.StorageBit | ImageUsageFlags.TransferSrcBit, mutable);
        ulong outputOffset = (ulong)((rgba.Length + mask.Length + 15) & ~15); // copies need texel-aligned offsets
        using var staging = new GpuBuffer(Context, outputOffset + (ulong)rgba.Length, "srgb-test-staging", 0, requireHostVisible: true);
        staging.Write<byte>(rgba);
        staging.Write<byte>(mask, (ulong)rgba.Length);
        var frame = new FrameImages
        {
            Width = w,
            Height = h,
            Color = color.Handle,
            ColorFormat = FrameColorFormat.Rgba8Srgb,
            Mask = holes.Handle,
            Output = output.Handle,
            OutputFormat = FrameColorFormat.Rgba8Srgb,
        };

        Context.SubmitAndWait(cmd =>
        {
            const PipelineStageFlags top = PipelineStageFlags.TopOfPipeBit, transfer = PipelineStageFlags.TransferBit, compute = PipelineStageFlags.ComputeShaderBit;
            color.Transition(cmd, ImageLayout.Undefined, ImageLayout.TransferDstOptimal, top, 0, transfer, AccessFlags.TransferWriteBit);
            holes.Transition(cmd, ImageLayout.Undefined, ImageLayout.TransferDstOptimal, top, 0, transfer, AccessFlags.TransferWriteBit);
            color.CopyFrom(cmd, staging, 0);
            holes.CopyFrom(cmd, staging, (ulong)rgba.Length);
            color.Transition(cmd, ImageLayout.TransferDstOptimal, ImageLayout.ShaderReadOnlyOptimal, transfer, AccessFlags.TransferWriteBit, compute, AccessFlags.ShaderReadBit);
            holes.Transition(cmd, ImageLayout.TransferDstOptimal, ImageLayout.ShaderReadOnlyOptimal, transfer, AccessFlags.TransferWriteBit, compute, AccessFlags.ShaderReadBit);
            output.Transition(cmd, ImageLayout.Undefined, ImageLayout.General, top, 0, compute, AccessFlags.ShaderWriteBit);
            inpainter.Record(cmd, frame);
            output.Transition(cmd, ImageLayout.General, ImageLayout.TransferSrcOptimal, compute, AccessFlags.ShaderWriteBit, transfer, AccessFlags.TransferReadBit);
            output.CopyTo(cmd, staging, outputOffset);
        });

        var actual = new byte[rgba.Length];
        staging.Read<byte>(actual, outputOffset);
        Assert.Equal(expected, actual);
        Assert.True(inpainter.UpdateStats()!.ActiveTiles > 0);
    }
}
