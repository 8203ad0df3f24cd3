using MaeRealtime.Viewer.Presentation;
using MaeRealtime.Viewer.Rendering;
using Silk.NET.Vulkan;

namespace MaeRealtime.Viewer.Painting;

/// <summary>
/// Uploads the canvas rows painted since the last frame into the mask and colour images: the rows are copied
/// into the frame slot's staging buffer and recorded as two vkCmdCopyBufferToImage regions. Nothing is read back.
/// </summary>
internal sealed unsafe class CanvasUploader : IDisposable
{
    private readonly PresentationDevice _gpu;
    private readonly HostBuffer[] _staging;
    private readonly ulong _colorOffset;

    public CanvasUploader(PresentationDevice gpu, int width, int height, int slots)
    {
        _gpu = gpu;
        ulong maskBytes = (ulong)width * (ulong)height;
        _colorOffset = (maskBytes + 15) & ~15ul;
        _staging = new HostBuffer[slots];
        for (int i = 0; i < slots; i++)
        {
            _staging[i] = new HostBuffer(gpu, _colorOffset + (maskBytes * 4), BufferUsageFlags.TransferSrcBit);
        }
    }

    /// <summary>
    /// Records the upload of <paramref name="canvas"/>'s dirty rows with slot <paramref name="slot"/>'s staging buffer
    /// (free: its previous frame has completed). Returns false, recording nothing, when no row changed.
    /// </summary>
    public bool Record(CommandBuffer cmd, int slot, HoleCanvas canvas, FrameTargets frame)
    {
        if (!canvas.TakeDirtyRows(out int start, out int end))
        {
            return false;
        }

        int w = canvas.Width;
        var staging = _staging[slot];
        canvas.Mask.Slice(start * w, (end - start) * w).CopyTo(staging.AsSpan<byte>((ulong)(start * w)));
        canvas.Color.Slice(start * w * 4, (end - start) * w * 4).CopyTo(staging.AsSpan<byte>(_colorOffset + (ulong)(start * w * 4)));

        var vk = _gpu.Vk;
        Copy(vk, cmd, staging, (ulong)(start * w), frame.Mask, start, end);
        Copy(vk, cmd, staging, _colorOffset + (ulong)(start * w * 4), frame.Color, start, end);
        return true;
    }

    public void Dispose()
    {
        foreach (var s in _staging)
        {
            s.Dispose();
        }
    }

    private static void Copy(Vk vk, CommandBuffer cmd, HostBuffer staging, ulong offset, DeviceImage image, int start, int end)
    {
        // The previous frame's compute reads of the image finish before the copy overwrites it (a
        // write-after-read hazard needs only the execution dependency); the layout changes for the copy.
        Barriers.Image(vk, cmd, image.Handle, ImageLayout.ShaderReadOnlyOptimal, ImageLayout.TransferDstOptimal,
            PipelineStageFlags.ComputeShaderBit, 0, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit);
        var region = new BufferImageCopy
        {
            BufferOffset = offset,
            ImageSubresource = new ImageSubresourceLayers(ImageAspectFlags.ColorBit, 0, 0, 1),
            ImageOffset = new Offset3D(0, start, 0),
            ImageExtent = new Extent3D((uint)image.Width, (uint)(end - start), 1),
        };
        vk.CmdCopyBufferToImage(cmd, staging.Handle, image.Handle, ImageLayout.TransferDstOptimal, 1, &region);
        Barriers.Image(vk, cmd, image.Handle, ImageLayout.TransferDstOptimal, ImageLayout.ShaderReadOnlyOptimal,
            PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderReadBit);
    }
}
