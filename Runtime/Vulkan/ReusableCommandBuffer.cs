using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Vulkan;

/// <summary>
/// A primary command buffer and fence of this context's pool, re-recorded and resubmitted for each
/// synchronous pass (the convenience path: upload, run, wait, read back). Allocated once.
/// </summary>
internal sealed unsafe class ReusableCommandBuffer : IDisposable
{
    private readonly GpuContext _context;
    private readonly CommandBuffer _cmd;
    private readonly Fence _fence;
    private bool _disposed;

    public ReusableCommandBuffer(GpuContext context)
    {
        _context = context;
        var vk = context.Vk;
        var allocInfo = new CommandBufferAllocateInfo
        {
            SType = StructureType.CommandBufferAllocateInfo,
            CommandPool = context.CommandPool,
            Level = CommandBufferLevel.Primary,
            CommandBufferCount = 1,
        };
        context.BeforeCreate("vkAllocateCommandBuffers");
        CommandBuffer cmd;
        vk.AllocateCommandBuffers(context.Device, &allocInfo, &cmd).Check();
        context.TrackCreated();
        _cmd = cmd;
        var fenceInfo = new FenceCreateInfo { SType = StructureType.FenceCreateInfo, Flags = FenceCreateFlags.SignaledBit };
        Fence fence;
        try
        {
            context.BeforeCreate("vkCreateFence");
            vk.CreateFence(context.Device, &fenceInfo, null, &fence).Check();
        }
        catch
        {
            vk.FreeCommandBuffers(context.Device, context.CommandPool, 1, &cmd);
            context.TrackDestroyed();
            throw;
        }

        context.TrackCreated();
        _fence = fence;
    }

    /// <summary>Waits for the previous use, records <paramref name="record"/> between host/compute barriers, submits and waits.</summary>
    public void Run<TState>(TState state, Action<CommandRecorder, TState> record)
    {
        var vk = _context.Vk;
        var fence = _fence;
        var cmd = _cmd;
        vk.WaitForFences(_context.Device, 1, &fence, true, ulong.MaxValue).Check();
        vk.ResetCommandBuffer(cmd, 0).Check();
        var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
        vk.BeginCommandBuffer(cmd, &begin).Check();
        var rec = new CommandRecorder(_context, cmd);
        rec.HostAndTransferToComputeBarrier();
        record(rec, state);
        rec.ComputeToHostAndTransferBarrier();
        vk.EndCommandBuffer(cmd).Check();

        var submit = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 1, PCommandBuffers = &cmd };
        vk.ResetFences(_context.Device, 1, &fence).Check();
        vk.QueueSubmit(_context.Queue, 1, &submit, fence).Check();
        vk.WaitForFences(_context.Device, 1, &fence, true, ulong.MaxValue).Check();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var vk = _context.Vk;
        var fence = _fence;
        var cmd = _cmd;
        vk.WaitForFences(_context.Device, 1, &fence, true, ulong.MaxValue).Check();
        vk.DestroyFence(_context.Device, fence, null);
        vk.FreeCommandBuffers(_context.Device, _context.CommandPool, 1, &cmd);
        _context.TrackDestroyed(2);
    }
}
