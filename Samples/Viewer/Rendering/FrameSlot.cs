using MaeRealtime.Viewer.Presentation;
using MaeRealtime.Viewer.Views;
using Silk.NET.Vulkan;
using Semaphore = Silk.NET.Vulkan.Semaphore;

namespace MaeRealtime.Viewer.Rendering;

/// <summary>
/// What one frame in flight owns: its primary command buffer, the fence its submission signals, the semaphore
/// its swapchain acquire signals and the overlay buffer the CPU rewrites for it. Reused once its fence signalled.
/// </summary>
internal sealed unsafe class FrameSlot : IDisposable
{
    private readonly PresentationDevice _gpu;

    public FrameSlot(PresentationDevice gpu, CommandPool pool, int index)
    {
        _gpu = gpu;
        Index = index;
        var vk = gpu.Vk;
        var alloc = new CommandBufferAllocateInfo { SType = StructureType.CommandBufferAllocateInfo, CommandPool = pool, Level = CommandBufferLevel.Primary, CommandBufferCount = 1 };
        CommandBuffer cmd;
        vk.AllocateCommandBuffers(gpu.Device, &alloc, &cmd).Check("vkAllocateCommandBuffers");
        Commands = cmd;

        var fenceInfo = new FenceCreateInfo { SType = StructureType.FenceCreateInfo, Flags = FenceCreateFlags.SignaledBit };
        Fence fence;
        vk.CreateFence(gpu.Device, &fenceInfo, null, &fence).Check("vkCreateFence");
        InFlight = fence;

        var semInfo = new SemaphoreCreateInfo { SType = StructureType.SemaphoreCreateInfo };
        Semaphore semaphore;
        vk.CreateSemaphore(gpu.Device, &semInfo, null, &semaphore).Check("vkCreateSemaphore");
        ImageAvailable = semaphore;

        Overlay = new HostBuffer(gpu, OverlayLayout.TotalBytes, BufferUsageFlags.StorageBufferBit);
        Font5x7.Pack(Overlay.AsSpan<uint>());
    }

    public int Index { get; }

    public CommandBuffer Commands { get; }

    public Fence InFlight { get; }

    public Semaphore ImageAvailable { get; }

    /// <summary>Font, tile flags and text cells for the display shader (see <see cref="OverlayLayout"/>).</summary>
    public HostBuffer Overlay { get; }

    /// <summary>Blocks until this slot's previous frame has completed.</summary>
    public void WaitIdle()
    {
        var fence = InFlight;
        _gpu.Vk.WaitForFences(_gpu.Device, 1, &fence, true, ulong.MaxValue).Check("vkWaitForFences");
    }

    public void Dispose()
    {
        Overlay.Dispose();
        _gpu.Vk.DestroySemaphore(_gpu.Device, ImageAvailable, null);
        _gpu.Vk.DestroyFence(_gpu.Device, InFlight, null);
    }
}
