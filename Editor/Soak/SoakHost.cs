using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.Editor.Soak;

/// <summary>
/// The host renderer of <c>mae soak</c>: per frame in flight its own images, a host-visible mask upload buffer,
/// a primary command buffer and a fence, as an engine would have. It can destroy and re-create all its images
/// (<see cref="RecreateImages"/>) the two ways docs/INTEGRATION.md allows: <see cref="FrameInpainter.ForgetImage"/>
/// first, or a new <see cref="FrameImages.Generation"/>.
/// </summary>
internal sealed unsafe class SoakHost : IDisposable
{
    private readonly GpuContext _context;
    private readonly int _width, _height;
    private readonly CommandPool _pool;
    private readonly CommandBuffer[] _commands;
    private readonly Fence[] _fences;
    private readonly GpuBuffer[] _uploads;
    private readonly SoakFrameImages?[] _images;
    private readonly byte[] _mask;
    private readonly byte[] _rgba;

    public SoakHost(GpuContext context, int width, int height, int framesInFlight)
    {
        _context = context;
        _width = width;
        _height = height;
        _mask = new byte[width * height];
        _rgba = new byte[width * height * 4];
        for (int i = 0; i < width * height; i++)
        {
            int x = i % width, y = i / width;
            _rgba[(i * 4) + 0] = (byte)(x * 255 / Math.Max(1, width - 1));
            _rgba[(i * 4) + 1] = (byte)(y * 255 / Math.Max(1, height - 1));
            _rgba[(i * 4) + 2] = (byte)((x + y) % 256);
            _rgba[(i * 4) + 3] = 255;
        }

        var vk = context.Vk;
        var poolInfo = new CommandPoolCreateInfo { SType = StructureType.CommandPoolCreateInfo, Flags = CommandPoolCreateFlags.ResetCommandBufferBit, QueueFamilyIndex = context.QueueFamilyIndex };
        CommandPool pool;
        Check(vk.CreateCommandPool(context.Device, &poolInfo, null, &pool), "vkCreateCommandPool (soak)");
        _pool = pool;
        _commands = new CommandBuffer[framesInFlight];
        _fences = new Fence[framesInFlight];
        _uploads = new GpuBuffer[framesInFlight];
        _images = new SoakFrameImages?[framesInFlight];
        var allocInfo = new CommandBufferAllocateInfo { SType = StructureType.CommandBufferAllocateInfo, CommandPool = pool, Level = CommandBufferLevel.Primary, CommandBufferCount = (uint)framesInFlight };
        fixed (CommandBuffer* commands = _commands)
        {
            Check(vk.AllocateCommandBuffers(context.Device, &allocInfo, commands), "vkAllocateCommandBuffers (soak)");
        }

        var fenceInfo = new FenceCreateInfo { SType = StructureType.FenceCreateInfo, Flags = FenceCreateFlags.SignaledBit };
        for (int i = 0; i < framesInFlight; i++)
        {
            Fence fence;
            Check(vk.CreateFence(context.Device, &fenceInfo, null, &fence), "vkCreateFence (soak)");
            _fences[i] = fence;
            _uploads[i] = new GpuBuffer(context, (ulong)Math.Max(16, _mask.Length), $"soak-mask-{i}", 0, requireHostVisible: true);
        }

        CreateImages();
    }

    /// <summary>The <see cref="FrameImages.Generation"/> frames are recorded with.</summary>
    public ulong Generation { get; private set; }

    /// <summary>
    /// Records and submits frame <paramref name="frame"/> (waiting first for the frame that last used its slot):
    /// the frame's holes uploaded into the slot's mask, the barriers of docs/INTEGRATION.md section 5 and the pass.
    /// </summary>
    public void RunFrame(FrameInpainter inpainter, long frame)
    {
        var vk = _context.Vk;
        int slot = (int)(frame % _commands.Length);
        var fence = _fences[slot];
        Check(vk.WaitForFences(_context.Device, 1, &fence, true, ulong.MaxValue), "vkWaitForFences (soak)");
        Check(vk.ResetFences(_context.Device, 1, &fence), "vkResetFences (soak)");
        SoakHoles.Fill(_mask, _width, _height, frame);
        _uploads[slot].Write<byte>(_mask);

        var cmd = _commands[slot];
        Check(vk.ResetCommandBuffer(cmd, 0), "vkResetCommandBuffer (soak)");
        var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
        Check(vk.BeginCommandBuffer(cmd, &begin), "vkBeginCommandBuffer (soak)");
        var images = _images[slot]!;
        const PipelineStageFlags transfer = PipelineStageFlags.TransferBit, compute = PipelineStageFlags.ComputeShaderBit;

        // The mask's and output's last use was this slot's previous pass (compute reads / writes): old contents discarded.
        var mask = images.Mask;
        mask.Transition(cmd, ImageLayout.Undefined, ImageLayout.TransferDstOptimal, compute, 0, transfer, AccessFlags.TransferWriteBit);
        mask.CopyFrom(cmd, _uploads[slot], 0);
        mask.Transition(cmd, ImageLayout.TransferDstOptimal, ImageLayout.ShaderReadOnlyOptimal, transfer, AccessFlags.TransferWriteBit, compute, AccessFlags.ShaderReadBit);
        images.Output.Transition(cmd, ImageLayout.Undefined, ImageLayout.General, compute, AccessFlags.ShaderWriteBit, compute, AccessFlags.ShaderWriteBit);
        inpainter.Record(cmd, new FrameImages
        {
            Width = _width,
            Height = _height,
            Color = images.Color.Handle,
            ColorFormat = FrameColorFormat.Rgba8Unorm,
            Mask = mask.Handle,
            MaskFormat = Format.R8Unorm,
            Output = images.Output.Handle,
            OutputFormat = FrameColorFormat.Rgba8Unorm,
            Generation = Generation,
        });
        Check(vk.EndCommandBuffer(cmd), "vkEndCommandBuffer (soak)");
        var submit = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 1, PCommandBuffers = &cmd };
        Check(vk.QueueSubmit(_context.Queue, 1, &submit, fence), "vkQueueSubmit (soak)");
    }

    /// <summary>Waits for every submitted frame.</summary>
    public void Drain()
    {
        fixed (Fence* fences = _fences)
        {
            Check(_context.Vk.WaitForFences(_context.Device, (uint)_fences.Length, fences, true, ulong.MaxValue), "vkWaitForFences (soak drain)");
        }
    }

    /// <summary>
    /// Destroys and re-creates every image, after the GPU is done with them. With <paramref name="forgetFirst"/>
    /// the inpainter's views are destroyed first (<see cref="FrameInpainter.ForgetImage"/>); otherwise the next
    /// frames carry a new <see cref="Generation"/> and the inpainter retires the old views itself.
    /// </summary>
    public void RecreateImages(FrameInpainter inpainter, bool forgetFirst)
    {
        Drain();
        foreach (var images in _images)
        {
            if (forgetFirst)
            {
                images!.ForgetIn(inpainter);
            }

            images!.Dispose();
        }

        if (!forgetFirst)
        {
            Generation++;
        }

        CreateImages();
    }

    public void Dispose()
    {
        var vk = _context.Vk;
        Drain();
        foreach (var images in _images)
        {
            images?.Dispose();
        }

        foreach (var upload in _uploads)
        {
            upload?.Dispose();
        }

        foreach (var fence in _fences)
        {
            vk.DestroyFence(_context.Device, fence, null);
        }

        vk.DestroyCommandPool(_context.Device, _pool, null);
    }

    private static void Check(Result result, string call)
    {
        if (result != Result.Success)
        {
            throw new VulkanException(call, result);
        }
    }

    private void CreateImages()
    {
        using var staging = new GpuBuffer(_context, (ulong)_rgba.Length, "soak-colour-upload", 0, requireHostVisible: true);
        staging.Write<byte>(_rgba);
        for (int i = 0; i < _images.Length; i++)
        {
            _images[i] = new SoakFrameImages(_context, _width, _height);
        }

        // Uploaded with slot 0's command buffer and fence (every frame has been drained), then waited for.
        var vk = _context.Vk;
        var cmd = _commands[0];
        var fence = _fences[0];
        Check(vk.ResetFences(_context.Device, 1, &fence), "vkResetFences (soak upload)");
        Check(vk.ResetCommandBuffer(cmd, 0), "vkResetCommandBuffer (soak upload)");
        var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
        Check(vk.BeginCommandBuffer(cmd, &begin), "vkBeginCommandBuffer (soak upload)");
        const PipelineStageFlags transfer = PipelineStageFlags.TransferBit, compute = PipelineStageFlags.ComputeShaderBit;
        foreach (var images in _images)
        {
            var color = images!.Color;
            color.Transition(cmd, ImageLayout.Undefined, ImageLayout.TransferDstOptimal, PipelineStageFlags.TopOfPipeBit, 0, transfer, AccessFlags.TransferWriteBit);
            color.CopyFrom(cmd, staging, 0);
            color.Transition(cmd, ImageLayout.TransferDstOptimal, ImageLayout.ShaderReadOnlyOptimal, transfer, AccessFlags.TransferWriteBit, compute, AccessFlags.ShaderReadBit);
        }

        Check(vk.EndCommandBuffer(cmd), "vkEndCommandBuffer (soak upload)");
        var submit = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 1, PCommandBuffers = &cmd };
        Check(vk.QueueSubmit(_context.Queue, 1, &submit, fence), "vkQueueSubmit (soak upload)");
        Check(vk.WaitForFences(_context.Device, 1, &fence, true, ulong.MaxValue), "vkWaitForFences (soak upload)");
    }
}
