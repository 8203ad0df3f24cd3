using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.Editor.Bench;

/// <summary>
/// The host renderer side of <c>mae bench</c>'s frame mode, as an engine would do it: the frame's images (colour and
/// mask uploaded once, output in GENERAL), its own command pool, and one primary command buffer and fence per frame
/// in flight. <see cref="Begin"/> waits for the frame that last used the slot, <see cref="Submit"/> submits without
/// waiting. Nothing here allocates managed memory per frame.
/// </summary>
internal sealed unsafe class FrameBenchHost : IDisposable
{
    private readonly GpuContext _context;
    private readonly GpuImage _color;
    private readonly GpuImage _mask;
    private readonly GpuImage _output;
    private readonly GpuImage? _depth;
    private readonly GpuImage? _motion;
    private readonly CommandPool _pool;
    private readonly CommandBuffer[] _commands;
    private readonly Fence[] _fences;

    /// <summary>
    /// Creates the images of a <paramref name="width"/> x <paramref name="height"/> frame, uploads <paramref name="rgba"/> and
    /// <paramref name="mask"/>, and the per-slot command buffers and fences. <paramref name="motion"/> adds a zero motion-vector
    /// image (R16G16_SFLOAT), <paramref name="depth"/> a flat depth image (D32-like R32_SFLOAT, 0.5 everywhere).
    /// </summary>
    public FrameBenchHost(GpuContext context, int width, int height, byte[] rgba, byte[] mask, int framesInFlight, bool motion = false, bool depth = false)
    {
        _context = context;
        var vk = context.Vk;
        const ImageUsageFlags sampled = ImageUsageFlags.SampledBit | ImageUsageFlags.TransferDstBit;
        _color = new GpuImage(context, width, height, Format.R8G8B8A8Unorm, sampled);
        _mask = new GpuImage(context, width, height, Format.R8Unorm, sampled);
        _output = new GpuImage(context, width, height, Format.R8G8B8A8Unorm, ImageUsageFlags.StorageBit | ImageUsageFlags.TransferSrcBit);
        _depth = depth ? new GpuImage(context, width, height, Format.R32Sfloat, sampled) : null;
        _motion = motion ? new GpuImage(context, width, height, Format.R16G16Sfloat, sampled) : null;

        var poolInfo = new CommandPoolCreateInfo
        {
            SType = StructureType.CommandPoolCreateInfo,
            Flags = CommandPoolCreateFlags.ResetCommandBufferBit,
            QueueFamilyIndex = context.QueueFamilyIndex,
        };
        CommandPool pool;
        Check(vk.CreateCommandPool(context.Device, &poolInfo, null, &pool), "vkCreateCommandPool (bench)");
        _pool = pool;
        _commands = new CommandBuffer[framesInFlight];
        _fences = new Fence[framesInFlight];
        var allocInfo = new CommandBufferAllocateInfo { SType = StructureType.CommandBufferAllocateInfo, CommandPool = pool, Level = CommandBufferLevel.Primary, CommandBufferCount = (uint)framesInFlight };
        fixed (CommandBuffer* commands = _commands)
        {
            Check(vk.AllocateCommandBuffers(context.Device, &allocInfo, commands), "vkAllocateCommandBuffers (bench)");
        }

        var fenceInfo = new FenceCreateInfo { SType = StructureType.FenceCreateInfo, Flags = FenceCreateFlags.SignaledBit };
        for (int i = 0; i < framesInFlight; i++)
        {
            Fence fence;
            Check(vk.CreateFence(context.Device, &fenceInfo, null, &fence), "vkCreateFence (bench)");
            _fences[i] = fence;
        }

        Upload(rgba, mask);
        Frame = new FrameImages
        {
            Width = width,
            Height = height,
            Color = _color.Handle,
            ColorFormat = FrameColorFormat.Rgba8Unorm,
            Mask = _mask.Handle,
            MaskFormat = Format.R8Unorm,
            Output = _output.Handle,
            OutputFormat = FrameColorFormat.Rgba8Unorm,
            Depth = _depth?.Handle ?? default,
            DepthFormat = Format.R32Sfloat,
            Motion = _motion?.Handle ?? default,
            MotionFormat = Format.R16G16Sfloat,
        };
    }

    /// <summary>The frame's images in the layouts <see cref="FrameInpainter.Record"/> expects.</summary>
    public FrameImages Frame { get; }

    /// <summary>Slots (frames in flight).</summary>
    public int Slots => _commands.Length;

    /// <summary>Waits for the frame that last used the slot of <paramref name="frame"/>, then begins its command buffer.</summary>
    public CommandBuffer Begin(long frame)
    {
        var vk = _context.Vk;
        int slot = (int)(frame % _commands.Length);
        var fence = _fences[slot];
        Check(vk.WaitForFences(_context.Device, 1, &fence, true, ulong.MaxValue), "vkWaitForFences (bench)");
        Check(vk.ResetFences(_context.Device, 1, &fence), "vkResetFences");
        var cmd = _commands[slot];
        Check(vk.ResetCommandBuffer(cmd, 0), "vkResetCommandBuffer");
        var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
        Check(vk.BeginCommandBuffer(cmd, &begin), "vkBeginCommandBuffer");
        return cmd;
    }

    /// <summary>Ends and submits the command buffer of <paramref name="frame"/> with its slot's fence; does not wait.</summary>
    public void Submit(long frame)
    {
        var vk = _context.Vk;
        int slot = (int)(frame % _commands.Length);
        var cmd = _commands[slot];
        Check(vk.EndCommandBuffer(cmd), "vkEndCommandBuffer");
        var submit = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 1, PCommandBuffers = &cmd };
        Check(vk.QueueSubmit(_context.Queue, 1, &submit, _fences[slot]), "vkQueueSubmit (bench)");
    }

    /// <summary>Waits until <paramref name="frame"/> (submitted earlier) has completed.</summary>
    public void Wait(long frame)
    {
        var fence = _fences[(int)(frame % _fences.Length)];
        Check(_context.Vk.WaitForFences(_context.Device, 1, &fence, true, ulong.MaxValue), "vkWaitForFences (bench)");
    }

    /// <summary>Destroys the views <paramref name="inpainter"/> made of this host's images (before it or they go).</summary>
    public void Forget(FrameInpainter inpainter)
    {
        inpainter.ForgetImage(_color.Handle);
        inpainter.ForgetImage(_mask.Handle);
        inpainter.ForgetImage(_output.Handle);
        foreach (var image in new[] { _depth, _motion })
        {
            if (image is not null)
            {
                inpainter.ForgetImage(image.Handle);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var vk = _context.Vk;
        _context.WaitIdle();
        foreach (var fence in _fences)
        {
            vk.DestroyFence(_context.Device, fence, null);
        }

        vk.DestroyCommandPool(_context.Device, _pool, null);
        _output.Dispose();
        _depth?.Dispose();
        _motion?.Dispose();
        _mask.Dispose();
        _color.Dispose();
    }

    private static void Check(Result result, string call)
    {
        if (result != Result.Success)
        {
            throw new VulkanException(call, result);
        }
    }

    private void Upload(byte[] rgba, byte[] mask)
    {
        ulong maskOffset = (ulong)((rgba.Length + 15) & ~15);
        using var staging = new GpuBuffer(_context, maskOffset + (ulong)mask.Length, "bench-staging", 0, requireHostVisible: true);
        staging.Write<byte>(rgba);
        staging.Write<byte>(mask, maskOffset);
        var vk = _context.Vk;
        var cmd = _commands[0];
        var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
        Check(vk.BeginCommandBuffer(cmd, &begin), "vkBeginCommandBuffer");
        const PipelineStageFlags top = PipelineStageFlags.TopOfPipeBit, host = PipelineStageFlags.HostBit, transfer = PipelineStageFlags.TransferBit, compute = PipelineStageFlags.ComputeShaderBit;
        var hostWrites = new MemoryBarrier { SType = StructureType.MemoryBarrier, SrcAccessMask = AccessFlags.HostWriteBit, DstAccessMask = AccessFlags.TransferReadBit };
        vk.CmdPipelineBarrier(cmd, host, transfer, 0, 1, &hostWrites, 0, null, 0, null);
        foreach (var image in new[] { _color, _mask })
        {
            image.Transition(cmd, ImageLayout.Undefined, ImageLayout.TransferDstOptimal, top, 0, transfer, AccessFlags.TransferWriteBit);
        }

        _color.CopyFrom(cmd, staging, 0);
        _mask.CopyFrom(cmd, staging, maskOffset);
        foreach (var image in new[] { _color, _mask })
        {
            image.Transition(cmd, ImageLayout.TransferDstOptimal, ImageLayout.ShaderReadOnlyOptimal, transfer, AccessFlags.TransferWriteBit, compute, AccessFlags.ShaderReadBit);
        }

        _output.Transition(cmd, ImageLayout.Undefined, ImageLayout.General, top, 0, compute, AccessFlags.ShaderWriteBit);
        foreach (var (image, value) in new[] { (_depth, 0.5f), (_motion, 0f) })
        {
            if (image is not null)
            {
                var clear = new ClearColorValue(value, value, value, value);
                var range = new ImageSubresourceRange(ImageAspectFlags.ColorBit, 0, 1, 0, 1);
                image.Transition(cmd, ImageLayout.Undefined, ImageLayout.TransferDstOptimal, top, 0, transfer, AccessFlags.TransferWriteBit);
                vk.CmdClearColorImage(cmd, image.Handle, ImageLayout.TransferDstOptimal, &clear, 1, &range);
                image.Transition(cmd, ImageLayout.TransferDstOptimal, ImageLayout.ShaderReadOnlyOptimal, transfer, AccessFlags.TransferWriteBit, compute, AccessFlags.ShaderReadBit);
            }
        }

        Check(vk.EndCommandBuffer(cmd), "vkEndCommandBuffer");
        var fence = _fences[0];
        Check(vk.ResetFences(_context.Device, 1, &fence), "vkResetFences");
        var submit = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 1, PCommandBuffers = &cmd };
        Check(vk.QueueSubmit(_context.Queue, 1, &submit, fence), "vkQueueSubmit (bench upload)");
        Check(vk.WaitForFences(_context.Device, 1, &fence, true, ulong.MaxValue), "vkWaitForFences");
    }
}
