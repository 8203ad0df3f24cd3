using MaeRealtime.HostRenderer.Scene;
using MaeRealtime.HostRenderer.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.HostRenderer;

/// <summary>
/// One frame in flight of the host: its own colour, mask and output images (the same ones every time this slot
/// comes round, so the runtime replays its recorded pass), the readback buffer, a primary command buffer and the
/// fence that says the GPU is done with all of them.
/// </summary>
internal sealed unsafe class HostFrameSlot : IDisposable
{
    private readonly HostDevice _host;

    public HostFrameSlot(HostDevice host, CommandPool pool, ScenePass scene, int width, int height, int index)
    {
        _host = host;
        var vk = host.Vk;
        // Colour: written by the scene pass (STORAGE), read by the inpaint pass (SAMPLED), read back (TRANSFER_SRC).
        Color = new DeviceImage(host, width, height, Format.R8G8B8A8Unorm, ImageUsageFlags.StorageBit | ImageUsageFlags.SampledBit | ImageUsageFlags.TransferSrcBit, $"color{index}");
        Mask = new DeviceImage(host, width, height, host.MaskFormat, ImageUsageFlags.StorageBit | ImageUsageFlags.SampledBit | ImageUsageFlags.TransferSrcBit, $"mask{index}");
        // Output: written by the inpaint pass (STORAGE), read back (TRANSFER_SRC).
        Output = new DeviceImage(host, width, height, Format.R8G8B8A8Unorm, ImageUsageFlags.StorageBit | ImageUsageFlags.TransferSrcBit, $"output{index}");
        SceneSet = scene.CreateSet(Color, Mask);

        ulong colorBytes = (ulong)width * (ulong)height * 4;
        OutputOffset = 0;
        InputOffset = colorBytes;
        MaskOffset = 2 * colorBytes;
        // HOST_CACHED where there is such a type: the CPU reads these bytes back every frame.
        Readback = new HostBuffer(host, MaskOffset + ((ulong)width * (ulong)height * (ulong)Mask.PixelBytes), BufferUsageFlags.TransferDstBit, $"readback{index}", MemoryPropertyFlags.HostCachedBit);
        InputPixels = new byte[colorBytes];
        OutputPixels = new byte[colorBytes];
        MaskPixels = new byte[width * height];

        var alloc = new CommandBufferAllocateInfo { SType = StructureType.CommandBufferAllocateInfo, CommandPool = pool, Level = CommandBufferLevel.Primary, CommandBufferCount = 1 };
        CommandBuffer cmd;
        vk.AllocateCommandBuffers(host.Device, &alloc, &cmd).Check("vkAllocateCommandBuffers");
        Commands = cmd;
        // Created signalled, so the first wait on a fresh slot returns at once.
        var fenceInfo = new FenceCreateInfo { SType = StructureType.FenceCreateInfo, Flags = FenceCreateFlags.SignaledBit };
        Fence fence;
        vk.CreateFence(host.Device, &fenceInfo, null, &fence).Check("vkCreateFence");
        Fence = fence;
    }

    public DeviceImage Color { get; }

    public DeviceImage Mask { get; }

    public DeviceImage Output { get; }

    public DescriptorSet SceneSet { get; }

    public HostBuffer Readback { get; }

    public ulong OutputOffset { get; }

    public ulong InputOffset { get; }

    public ulong MaskOffset { get; }

    public byte[] InputPixels { get; }

    public byte[] OutputPixels { get; }

    /// <summary>The mask, one byte per pixel (the red channel of an RGBA8 mask).</summary>
    public byte[] MaskPixels { get; }

    public CommandBuffer Commands { get; }

    public Fence Fence { get; }

    /// <summary>The frame submitted with this slot and not yet read back; -1 when none.</summary>
    public long PendingFrame { get; set; } = -1;

    /// <summary>Copies the read-back frame into the managed arrays (after <see cref="Fence"/> signalled).</summary>
    public void CopyOut()
    {
        Readback.Span(OutputOffset, OutputPixels.Length).CopyTo(OutputPixels);
        Readback.Span(InputOffset, InputPixels.Length).CopyTo(InputPixels);
        var mask = Readback.Span(MaskOffset, MaskPixels.Length * Mask.PixelBytes);
        if (Mask.PixelBytes == 1)
        {
            mask.CopyTo(MaskPixels);
        }
        else
        {
            for (int i = 0; i < MaskPixels.Length; i++)
            {
                MaskPixels[i] = mask[i * Mask.PixelBytes];
            }
        }
    }

    public void Dispose()
    {
        var vk = _host.Vk;
        vk.DestroyFence(_host.Device, Fence, null);
        Readback.Dispose();
        Output.Dispose();
        Mask.Dispose();
        Color.Dispose();
    }
}
