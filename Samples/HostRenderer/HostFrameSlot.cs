using MaeRealtime.HostRenderer.Scene;
using MaeRealtime.HostRenderer.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.HostRenderer;

/// <summary>
/// One frame in flight of the host: its own colour, mask, truth, depth, motion and output images (the same ones every time this slot
/// comes round, so the runtime replays its recorded pass), the readback buffer, a primary command buffer and the
/// fence that says the GPU is done with all of them.
/// </summary>
internal sealed unsafe class HostFrameSlot : IDisposable
{
    private readonly HostDevice _host;

    public HostFrameSlot(HostDevice host, CommandPool pool, ScenePass scene, int width, int height, int index, bool depthBuffer)
    {
        _host = host;
        var vk = host.Vk;
        // Colour: written by the scene pass (STORAGE), read by the inpaint pass (SAMPLED), read back (TRANSFER_SRC).
        Color = new DeviceImage(host, width, height, Format.R8G8B8A8Unorm, ImageUsageFlags.StorageBit | ImageUsageFlags.SampledBit | ImageUsageFlags.TransferSrcBit, $"color{index}");
        Mask = new DeviceImage(host, width, height, host.MaskFormat, ImageUsageFlags.StorageBit | ImageUsageFlags.SampledBit | ImageUsageFlags.TransferSrcBit, $"mask{index}");
        // Output: written by the inpaint pass (STORAGE), read back (TRANSFER_SRC).
        Output = new DeviceImage(host, width, height, Format.R8G8B8A8Unorm, ImageUsageFlags.StorageBit | ImageUsageFlags.TransferSrcBit, $"output{index}");
        // The full render (ground truth), read back only; depth and motion are written by the scene pass and read
        // by the inpaint pass, like the colour.
        Truth = new DeviceImage(host, width, height, Format.R8G8B8A8Unorm, ImageUsageFlags.StorageBit | ImageUsageFlags.TransferSrcBit, $"truth{index}");
        Depth = new DeviceImage(host, width, height, Format.R32Sfloat, ImageUsageFlags.StorageBit | ImageUsageFlags.SampledBit | ImageUsageFlags.TransferSrcBit, $"depth{index}");
        Motion = scene.WritesMotion
            ? new DeviceImage(host, width, height, Format.R16G16Sfloat, ImageUsageFlags.StorageBit | ImageUsageFlags.SampledBit | ImageUsageFlags.TransferSrcBit, $"motion{index}")
            : null;
        // With --depth-format d32: the engine-style D32_SFLOAT depth buffer the runtime reads instead of Depth.
        DepthBuffer = depthBuffer ? new DepthBuffer(host, width, height, $"depth-buffer{index}") : null;
        SceneSet = scene.CreateSet(Color, Mask, Truth, Depth, Motion);

        ulong colorBytes = (ulong)width * (ulong)height * 4; // also the bytes of R32 depth and R16G16 motion
        OutputOffset = 0;
        InputOffset = colorBytes;
        TruthOffset = 2 * colorBytes;
        DepthOffset = 3 * colorBytes;
        MotionOffset = 4 * colorBytes;
        MaskOffset = 5 * colorBytes;
        // HOST_CACHED where there is such a type: the CPU reads these bytes back every frame.
        Readback = new HostBuffer(host, MaskOffset + ((ulong)width * (ulong)height * (ulong)Mask.PixelBytes), BufferUsageFlags.TransferDstBit, $"readback{index}", MemoryPropertyFlags.HostCachedBit);
        InputPixels = new byte[colorBytes];
        OutputPixels = new byte[colorBytes];
        TruthPixels = new byte[colorBytes];
        DepthValues = new float[width * height];
        MotionValues = new float[2 * width * height];
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

    public DeviceImage Truth { get; }

    /// <summary>Reversed-Z device depth, R32_SFLOAT.</summary>
    public DeviceImage Depth { get; }

    /// <summary>The D32_SFLOAT copy of <see cref="Depth"/> the runtime reads with --depth-format d32 (else null).</summary>
    public DepthBuffer? DepthBuffer { get; }

    /// <summary>Motion vectors in pixels, R16G16_SFLOAT (null when the device cannot write them).</summary>
    public DeviceImage? Motion { get; }

    public DescriptorSet SceneSet { get; }

    public HostBuffer Readback { get; }

    public ulong OutputOffset { get; }

    public ulong InputOffset { get; }

    public ulong TruthOffset { get; }

    public ulong DepthOffset { get; }

    public ulong MotionOffset { get; }

    public ulong MaskOffset { get; }

    public byte[] InputPixels { get; }

    public byte[] OutputPixels { get; }

    public byte[] TruthPixels { get; }

    public float[] DepthValues { get; }

    /// <summary>Motion x, y per pixel (zero when the device writes no motion).</summary>
    public float[] MotionValues { get; }

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
        Readback.Span(TruthOffset, TruthPixels.Length).CopyTo(TruthPixels);
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Readback.Span(DepthOffset, DepthValues.Length * 4)).CopyTo(DepthValues);
        if (Motion is not null)
        {
            var halves = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(Readback.Span(MotionOffset, MotionValues.Length * 2));
            for (int i = 0; i < MotionValues.Length; i++)
            {
                MotionValues[i] = (float)halves[i];
            }
        }

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
        DepthBuffer?.Dispose();
        Motion?.Dispose();
        Depth.Dispose();
        Truth.Dispose();
        Mask.Dispose();
        Color.Dispose();
    }
}
