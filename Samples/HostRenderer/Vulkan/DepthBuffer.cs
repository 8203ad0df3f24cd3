using Silk.NET.Vulkan;
using Buffer = Silk.NET.Vulkan.Buffer;

namespace MaeRealtime.HostRenderer.Vulkan;

/// <summary>
/// An engine-style depth buffer: a <c>D32_SFLOAT</c> image (depth aspect; <c>DEPTH_STENCIL_ATTACHMENT</c> as an
/// engine's is, <c>SAMPLED</c> for the runtime, <c>TRANSFER_DST</c> here) and a device-local staging buffer. The
/// scene pass is a compute shader, which cannot write a depth format, so it writes R32_SFLOAT and
/// <see cref="RecordCopyFrom"/> moves that into the depth image through the buffer (a copy between a colour and a
/// depth image is not allowed in core Vulkan; a buffer copy of the depth aspect is).
/// </summary>
public sealed unsafe class DepthBuffer : IDisposable
{
    private readonly HostDevice _host;
    private readonly DeviceImage _image;
    private readonly DeviceMemory _bufferMemory;
    private readonly Buffer _staging;

    public DepthBuffer(HostDevice host, int width, int height, string name)
    {
        _host = host;
        var vk = host.Vk;
        // Attachment: an engine renders into it (and DEPTH_STENCIL_READ_ONLY_OPTIMAL needs it).
        _image = new DeviceImage(host, width, height, Format.D32Sfloat, ImageUsageFlags.SampledBit | ImageUsageFlags.TransferDstBit | ImageUsageFlags.DepthStencilAttachmentBit, name);
        try
        {
            var bufferInfo = new BufferCreateInfo
            {
                SType = StructureType.BufferCreateInfo,
                Size = (ulong)width * (ulong)height * 4,
                Usage = BufferUsageFlags.TransferSrcBit | BufferUsageFlags.TransferDstBit,
                SharingMode = SharingMode.Exclusive,
            };
            Buffer buffer;
            vk.CreateBuffer(host.Device, &bufferInfo, null, &buffer).Check($"vkCreateBuffer ({name} staging)");
            _staging = buffer;
            MemoryRequirements req;
            vk.GetBufferMemoryRequirements(host.Device, buffer, &req);
            _bufferMemory = host.Allocate(req, MemoryPropertyFlags.DeviceLocalBit, 0, name + " staging");
            vk.BindBufferMemory(host.Device, buffer, _bufferMemory, 0).Check("vkBindBufferMemory");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The depth image.</summary>
    public Image Handle => _image.Handle;

    public int Width => _image.Width;

    public int Height => _image.Height;

    /// <summary>The layout the runtime reads it in (<c>FrameImages.DepthLayout</c>).</summary>
    public static ImageLayout ReadLayout => ImageLayout.DepthStencilReadOnlyOptimal;

    /// <summary>
    /// Records: the depth image to TRANSFER_DST (its last use, this slot's previous frame, was the inpaint pass's
    /// compute-shader read: an execution dependency is enough); <paramref name="source"/> (R32_SFLOAT, in
    /// TRANSFER_SRC_OPTIMAL with the scene's writes visible to transfers) copied into the staging buffer, the buffer
    /// into the depth aspect; then the depth image to <see cref="ReadLayout"/> for the inpaint pass's compute reads.
    /// </summary>
    public void RecordCopyFrom(CommandBuffer cmd, DeviceImage source)
    {
        var vk = _host.Vk;
        var toTransfer = _image.Barrier(ImageLayout.Undefined, ImageLayout.TransferDstOptimal, 0, AccessFlags.TransferWriteBit);
        vk.CmdPipelineBarrier(cmd, PipelineStageFlags.ComputeShaderBit, PipelineStageFlags.TransferBit, 0, 0, null, 0, null, 1, &toTransfer);

        var region = new BufferImageCopy
        {
            ImageSubresource = new ImageSubresourceLayers(ImageAspectFlags.ColorBit, 0, 0, 1),
            ImageExtent = new Extent3D((uint)Width, (uint)Height, 1),
        };
        // The buffer's last use, this slot's previous frame, was a transfer read (the copy into the depth image); the
        // fence wait ordered it already, the barrier states the write-after-read for any reader of this code.
        var bufferReuse = new BufferMemoryBarrier
        {
            SType = StructureType.BufferMemoryBarrier,
            SrcAccessMask = 0,
            DstAccessMask = AccessFlags.TransferWriteBit,
            SrcQueueFamilyIndex = Vk.QueueFamilyIgnored,
            DstQueueFamilyIndex = Vk.QueueFamilyIgnored,
            Buffer = _staging,
            Size = Vk.WholeSize,
        };
        vk.CmdPipelineBarrier(cmd, PipelineStageFlags.TransferBit, PipelineStageFlags.TransferBit, 0, 0, null, 1, &bufferReuse, 0, null);
        vk.CmdCopyImageToBuffer(cmd, source.Handle, ImageLayout.TransferSrcOptimal, _staging, 1, &region);

        var written = bufferReuse with { SrcAccessMask = AccessFlags.TransferWriteBit, DstAccessMask = AccessFlags.TransferReadBit };
        vk.CmdPipelineBarrier(cmd, PipelineStageFlags.TransferBit, PipelineStageFlags.TransferBit, 0, 0, null, 1, &written, 0, null);
        region.ImageSubresource = new ImageSubresourceLayers(ImageAspectFlags.DepthBit, 0, 0, 1);
        vk.CmdCopyBufferToImage(cmd, _staging, Handle, ImageLayout.TransferDstOptimal, 1, &region);

        var toRead = _image.Barrier(ImageLayout.TransferDstOptimal, ReadLayout, AccessFlags.TransferWriteBit, AccessFlags.ShaderReadBit);
        vk.CmdPipelineBarrier(cmd, PipelineStageFlags.TransferBit, PipelineStageFlags.ComputeShaderBit, 0, 0, null, 0, null, 1, &toRead);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        var vk = _host.Vk;
        if (_staging.Handle != 0)
        {
            vk.DestroyBuffer(_host.Device, _staging, null);
        }

        if (_bufferMemory.Handle != 0)
        {
            vk.FreeMemory(_host.Device, _bufferMemory, null);
        }

        _image.Dispose();
    }
}
