using MaeRealtime.Viewer.Presentation;
using Silk.NET.Vulkan;

namespace MaeRealtime.Viewer.Rendering;

/// <summary>
/// The frame-sized images: the untouched original (for the mask and error views), the frame the runtime reads
/// (<see cref="Color"/>: the original with the painted holes overwritten, as a host's frame carries stale
/// pixels in its holes), the R8 hole mask, the runtime's output and its optional raw reconstruction.
/// Resting layouts: the sampled images SHADER_READ_ONLY_OPTIMAL, the storage images GENERAL.
/// </summary>
internal sealed unsafe class FrameTargets : IDisposable
{
    public FrameTargets(PresentationDevice gpu, int width, int height)
    {
        Width = width;
        Height = height;
        const ImageUsageFlags sampled = ImageUsageFlags.SampledBit | ImageUsageFlags.TransferDstBit;
        Original = new DeviceImage(gpu, width, height, Format.R8G8B8A8Unorm, sampled);
        Color = new DeviceImage(gpu, width, height, Format.R8G8B8A8Unorm, sampled);
        Mask = new DeviceImage(gpu, width, height, Format.R8Unorm, sampled);
        // Output is also read back (TRANSFER_SRC) for the flicker figure.
        Output = new DeviceImage(gpu, width, height, Format.R8G8B8A8Unorm, ImageUsageFlags.StorageBit | ImageUsageFlags.TransferDstBit | ImageUsageFlags.TransferSrcBit);
        Reconstruction = new DeviceImage(gpu, width, height, Format.R8G8B8A8Unorm, ImageUsageFlags.StorageBit | ImageUsageFlags.TransferDstBit);
    }

    public int Width { get; }

    public int Height { get; }

    public DeviceImage Original { get; }

    public DeviceImage Color { get; }

    public DeviceImage Mask { get; }

    public DeviceImage Output { get; }

    public DeviceImage Reconstruction { get; }

    /// <summary>
    /// Records the start-up state: the original (and the colour frame, from the same bytes) uploaded from
    /// <paramref name="staging"/> (RGBA8 rows at offset 0), the mask cleared, the storage images cleared to black.
    /// </summary>
    public void RecordInitialize(Vk vk, CommandBuffer cmd, HostBuffer staging)
    {
        var region = new BufferImageCopy
        {
            ImageSubresource = new ImageSubresourceLayers(ImageAspectFlags.ColorBit, 0, 0, 1),
            ImageExtent = new Extent3D((uint)Width, (uint)Height, 1),
        };
        var black = new ClearColorValue(0f, 0f, 0f, 1f);
        var range = Barriers.Color;
        foreach (var image in (DeviceImage[])[Original, Color, Mask])
        {
            Barriers.Image(vk, cmd, image.Handle, ImageLayout.Undefined, ImageLayout.TransferDstOptimal,
                PipelineStageFlags.TopOfPipeBit, 0, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit);
            if (image == Mask)
            {
                var none = new ClearColorValue(0f, 0f, 0f, 0f);
                vk.CmdClearColorImage(cmd, image.Handle, ImageLayout.TransferDstOptimal, &none, 1, &range);
            }
            else
            {
                vk.CmdCopyBufferToImage(cmd, staging.Handle, image.Handle, ImageLayout.TransferDstOptimal, 1, &region);
            }

            Barriers.Image(vk, cmd, image.Handle, ImageLayout.TransferDstOptimal, ImageLayout.ShaderReadOnlyOptimal,
                PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderReadBit);
        }

        foreach (var image in (DeviceImage[])[Output, Reconstruction])
        {
            Barriers.Image(vk, cmd, image.Handle, ImageLayout.Undefined, ImageLayout.General,
                PipelineStageFlags.TopOfPipeBit, 0, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit);
            vk.CmdClearColorImage(cmd, image.Handle, ImageLayout.General, &black, 1, &range);
        }

        Barriers.Memory(vk, cmd, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit,
            PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderReadBit | AccessFlags.ShaderWriteBit);
    }

    public void Dispose()
    {
        Reconstruction.Dispose();
        Output.Dispose();
        Mask.Dispose();
        Color.Dispose();
        Original.Dispose();
    }
}
