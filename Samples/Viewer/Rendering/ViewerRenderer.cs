using MaeRealtime.Runtime.Frames;
using MaeRealtime.Viewer.Capture;
using MaeRealtime.Viewer.Painting;
using MaeRealtime.Viewer.Presentation;
using MaeRealtime.Viewer.Views;
using Silk.NET.Vulkan;
using Semaphore = Silk.NET.Vulkan.Semaphore;

namespace MaeRealtime.Viewer.Rendering;

/// <summary>
/// Records and presents one frame, as a host renderer would: upload the painted rows, record the runtime's
/// inpaint pass into its own primary command buffer, read the fill back (for the flicker figure), draw the view
/// and overlays, blit to the swapchain image, submit and present. Frames in flight are bounded by per-slot fences; swapchain loss and minimising are
/// handled by recreating (or skipping) the swapchain and the window-sized image.
/// </summary>
internal sealed unsafe class ViewerRenderer : IDisposable
{
    /// <summary>Frames the CPU may record ahead of the GPU (also the runtime's FramesInFlight).</summary>
    public const int FramesInFlight = 2;

    private readonly PresentationDevice _gpu;
    private readonly Func<(int Width, int Height)> _framebufferSize;
    private readonly FrameTargets _frame;
    private readonly HoleCanvas _canvas;
    private readonly CanvasUploader _uploader;
    private readonly Swapchain _swapchain;
    private readonly DisplayPass _display;
    private readonly CommandPool _pool;
    private readonly FrameSlot[] _slots = new FrameSlot[FramesInFlight];
    private readonly HostBuffer[] _fills = new HostBuffer[FramesInFlight];
    private readonly byte[][] _fillMasks = new byte[FramesInFlight][];
    private readonly long[] _fillFrames = new long[FramesInFlight];
    private DeviceImage? _window;
    private bool _windowFresh;
    private bool _recreate = true;
    private long _frameNumber;

    public ViewerRenderer(PresentationDevice gpu, FrameTargets frame, HoleCanvas canvas, Func<(int Width, int Height)> framebufferSize, bool vsync)
    {
        _gpu = gpu;
        _frame = frame;
        _canvas = canvas;
        _framebufferSize = framebufferSize;
        _uploader = new CanvasUploader(gpu, frame.Width, frame.Height, FramesInFlight);
        _swapchain = new Swapchain(gpu, vsync);
        _display = new DisplayPass(gpu, FramesInFlight);
        var poolInfo = new CommandPoolCreateInfo
        {
            SType = StructureType.CommandPoolCreateInfo,
            Flags = CommandPoolCreateFlags.ResetCommandBufferBit,
            QueueFamilyIndex = gpu.QueueFamily,
        };
        CommandPool pool;
        gpu.Vk.CreateCommandPool(gpu.Device, &poolInfo, null, &pool).Check("vkCreateCommandPool");
        _pool = pool;
        for (int i = 0; i < FramesInFlight; i++)
        {
            _slots[i] = new FrameSlot(gpu, pool, i);
            _fills[i] = new HostBuffer(gpu, (ulong)frame.Width * (ulong)frame.Height * 4, BufferUsageFlags.TransferDstBit, $"fill{i}", MemoryPropertyFlags.HostCachedBit);
            _fillMasks[i] = new byte[frame.Width * frame.Height];
            _fillFrames[i] = -1;
        }
    }

    /// <summary>
    /// Sees each inpainted frame's output (RGBA8) and the hole mask it was filled with, in frame order, once the frame
    /// has completed (when its slot comes round again, or in <see cref="DrainFills"/>). The spans are only valid in the call.
    /// </summary>
    public FillHandler? FillCompleted { get; set; }

    /// <summary>The window image's size (the swapchain extent), or (0, 0) while there is none.</summary>
    public (int Width, int Height) WindowSize => _window is null ? (0, 0) : (_window.Width, _window.Height);

    /// <summary>The swapchain's present mode, for the start-up line.</summary>
    public PresentModeKHR PresentMode => _swapchain.PresentMode;

    /// <summary>Asks for a new swapchain before the next frame (the window was resized).</summary>
    public void Invalidate() => _recreate = true;

    /// <summary>Uploads the original image and puts every frame image in its resting layout, waiting until done.</summary>
    public void Initialize()
    {
        using var staging = new HostBuffer(_gpu, (ulong)_canvas.Original.Length, BufferUsageFlags.TransferSrcBit);
        _canvas.Original.CopyTo(staging.AsSpan<byte>());
        OneShot(cmd => _frame.RecordInitialize(_gpu.Vk, cmd, staging));
    }

    /// <summary>
    /// Makes sure a swapchain and window image of the window's current size exist (recreating them after a
    /// resize). False while the window is minimised: then there is nothing to render to.
    /// </summary>
    public bool Prepare() => !_recreate || RecreateSwapchain();

    /// <summary>
    /// Renders and presents one frame (call <see cref="Prepare"/> first). Returns false without rendering when the
    /// swapchain turned out to be out of date (it is recreated by the next <see cref="Prepare"/>).
    /// </summary>
    public bool Render(FrameRequest request)
    {
        if (_recreate || _window is null)
        {
            return false;
        }

        var slot = _slots[_frameNumber % FramesInFlight];
        slot.WaitIdle();
        CompleteFill(slot.Index);
        var acquired = _swapchain.Acquire(slot.ImageAvailable, out uint imageIndex);
        if (acquired == Result.ErrorOutOfDateKhr)
        {
            _recreate = true;
            return false;
        }

        if (acquired != Result.SuboptimalKhr)
        {
            acquired.Check("vkAcquireNextImageKHR");
        }

        var vk = _gpu.Vk;
        var fence = slot.InFlight;
        vk.ResetFences(_gpu.Device, 1, &fence).Check("vkResetFences");
        var cmd = slot.Commands;
        vk.ResetCommandBuffer(cmd, 0).Check("vkResetCommandBuffer");
        var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
        vk.BeginCommandBuffer(cmd, &begin).Check("vkBeginCommandBuffer");

        _uploader.Record(cmd, slot.Index, _canvas, _frame);
        if (request.Inpaint)
        {
            RecordInpaint(cmd, request, slot.Index);
        }

        WriteOverlay(slot, request);
        ScreenshotReadback? shot = request.ScreenshotPath is { } path ? new ScreenshotReadback(_gpu, _window!, path) : null;
        RecordDisplay(cmd, slot, request, _swapchain.Images[imageIndex], shot);
        vk.EndCommandBuffer(cmd).Check("vkEndCommandBuffer");

        var wait = slot.ImageAvailable;
        var signal = _swapchain.RenderFinished(imageIndex);
        var waitStage = PipelineStageFlags.TransferBit;
        var submit = new SubmitInfo
        {
            SType = StructureType.SubmitInfo,
            WaitSemaphoreCount = 1,
            PWaitSemaphores = &wait,
            PWaitDstStageMask = &waitStage,
            CommandBufferCount = 1,
            PCommandBuffers = &cmd,
            SignalSemaphoreCount = 1,
            PSignalSemaphores = &signal,
        };
        vk.QueueSubmit(_gpu.Queue, 1, &submit, fence).Check("vkQueueSubmit");
        var presented = _swapchain.Present(imageIndex);
        if (presented is Result.ErrorOutOfDateKhr or Result.SuboptimalKhr || acquired == Result.SuboptimalKhr)
        {
            _recreate = true;
        }
        else
        {
            presented.Check("vkQueuePresentKHR");
        }

        _frameNumber++;
        if (shot is not null)
        {
            using (shot)
            {
                slot.WaitIdle();
                shot.Save();
            }
        }

        return true;
    }

    /// <summary>Waits for the GPU, then hands every fill not yet seen to <see cref="FillCompleted"/>, oldest first.</summary>
    public void DrainFills()
    {
        WaitIdle();
        foreach (int i in Enumerable.Range(0, FramesInFlight).Where(i => _fillFrames[i] >= 0).OrderBy(i => _fillFrames[i]))
        {
            CompleteFill(i);
        }
    }

    /// <summary>Waits until the GPU has finished every submitted frame (model swaps, shutdown).</summary>
    public void WaitIdle() => _gpu.Vk.DeviceWaitIdle(_gpu.Device).Check("vkDeviceWaitIdle");

    public void Dispose()
    {
        WaitIdle();
        foreach (var slot in _slots)
        {
            slot.Dispose();
        }

        foreach (var fill in _fills)
        {
            fill.Dispose();
        }

        _gpu.Vk.DestroyCommandPool(_gpu.Device, _pool, null);
        _display.Dispose();
        _window?.Dispose();
        _swapchain.Dispose();
        _uploader.Dispose();
    }

    private void RecordInpaint(CommandBuffer cmd, FrameRequest request, int slot)
    {
        var vk = _gpu.Vk;
        bool withRecon = request.View == ViewMode.Reconstruction;
        if (withRecon)
        {
            // The runtime writes the reconstruction only inside the tiles it processes: clear the rest.
            var black = new ClearColorValue(0f, 0f, 0f, 1f);
            var range = Barriers.Color;
            Barriers.Memory(vk, cmd, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit);
            vk.CmdClearColorImage(cmd, _frame.Reconstruction.Handle, ImageLayout.General, &black, 1, &range);
        }

        // The previous frame's display pass read Output (and the clear wrote Reconstruction) before the pass writes them.
        Barriers.Memory(vk, cmd, PipelineStageFlags.ComputeShaderBit | PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit,
            PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderReadBit | AccessFlags.ShaderWriteBit);
        var images = new FrameImages
        {
            Width = _frame.Width,
            Height = _frame.Height,
            Color = _frame.Color.Handle,
            ColorFormat = FrameColorFormat.Rgba8Unorm,
            Mask = _frame.Mask.Handle,
            MaskFormat = Format.R8Unorm,
            Output = _frame.Output.Handle,
            OutputFormat = FrameColorFormat.Rgba8Unorm,
            Reconstruction = withRecon ? _frame.Reconstruction.Handle : default,
        };
        request.Inpainter.Record(cmd, images);
        // The pass's writes -> the display pass's reads and the fill's readback copy (Output stays in GENERAL); the
        // next frame's pass waits for the copy through the barrier above (transfer stage in its source).
        Barriers.Memory(vk, cmd, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit,
            PipelineStageFlags.ComputeShaderBit | PipelineStageFlags.TransferBit, AccessFlags.ShaderReadBit | AccessFlags.TransferReadBit);
        var region = new BufferImageCopy
        {
            ImageSubresource = new ImageSubresourceLayers(ImageAspectFlags.ColorBit, 0, 0, 1),
            ImageExtent = new Extent3D((uint)_frame.Width, (uint)_frame.Height, 1),
        };
        vk.CmdCopyImageToBuffer(cmd, _frame.Output.Handle, ImageLayout.General, _fills[slot].Handle, 1, &region);
        Barriers.Memory(vk, cmd, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.HostBit, AccessFlags.HostReadBit);
        _canvas.Mask.CopyTo(_fillMasks[slot]); // the mask this frame uploaded
        _fillFrames[slot] = _frameNumber;
    }

    /// <summary>Hands slot <paramref name="slot"/>'s read-back fill (its frame has completed) to <see cref="FillCompleted"/>.</summary>
    private void CompleteFill(int slot)
    {
        if (_fillFrames[slot] < 0)
        {
            return;
        }

        _fillFrames[slot] = -1;
        FillCompleted?.Invoke(_fills[slot].Span(0, _fillMasks[slot].Length * 4), _fillMasks[slot]);
    }

    private void WriteOverlay(FrameSlot slot, FrameRequest request)
    {
        var words = slot.Overlay.AsSpan<uint>();
        request.Text.CopyTo(words);
        var tiles = words.Slice(OverlayLayout.TileOffset, OverlayLayout.MaxTiles);
        tiles.Clear();
        if (request.Inpainter.LatestStats is { } stats)
        {
            var slots = stats.TileSlots;
            for (int i = 0; i < Math.Min(slots.Length, tiles.Length); i++)
            {
                tiles[i] = slots[i] >= 0 ? 1u : 0u;
            }
        }
    }

    private void RecordDisplay(CommandBuffer cmd, FrameSlot slot, FrameRequest request, Image target, ScreenshotReadback? shot)
    {
        var vk = _gpu.Vk;
        var window = _window!;
        // The previous frame's blit (a transfer read) of the window image completes before this frame redraws it.
        Barriers.Image(vk, cmd, window.Handle, _windowFresh ? ImageLayout.Undefined : ImageLayout.General, ImageLayout.General,
            PipelineStageFlags.TransferBit, 0, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit);
        _windowFresh = false;
        var push = DisplayPushFor(request);
        _display.Record(cmd, slot.Index, push);
        Barriers.Image(vk, cmd, window.Handle, ImageLayout.General, ImageLayout.General,
            PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit, PipelineStageFlags.TransferBit, AccessFlags.TransferReadBit);

        Barriers.Image(vk, cmd, target, ImageLayout.Undefined, ImageLayout.TransferDstOptimal,
            PipelineStageFlags.TransferBit, 0, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit);
        var blit = new ImageBlit
        {
            SrcSubresource = new ImageSubresourceLayers(ImageAspectFlags.ColorBit, 0, 0, 1),
            DstSubresource = new ImageSubresourceLayers(ImageAspectFlags.ColorBit, 0, 0, 1),
        };
        blit.SrcOffsets[1] = new Offset3D(window.Width, window.Height, 1);
        blit.DstOffsets[1] = new Offset3D(window.Width, window.Height, 1);
        vk.CmdBlitImage(cmd, window.Handle, ImageLayout.General, target, ImageLayout.TransferDstOptimal, 1, &blit, Filter.Nearest);
        Barriers.Image(vk, cmd, target, ImageLayout.TransferDstOptimal, ImageLayout.PresentSrcKhr,
            PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.BottomOfPipeBit, 0);
        shot?.RecordCopy(vk, cmd, window);
    }

    private DisplayPush DisplayPushFor(FrameRequest request)
    {
        var window = _window!;
        var box = Letterbox.Fit(_frame.Width, _frame.Height, window.Width, window.Height);
        var push = new DisplayPush
        {
            DisplayWidth = window.Width,
            DisplayHeight = window.Height,
            FrameWidth = _frame.Width,
            FrameHeight = _frame.Height,
            OriginX = box.OriginX,
            OriginY = box.OriginY,
            Scale = box.Scale,
            Mode = (uint)request.View,
            PatchSize = request.Inpainter.Config.PatchSize,
            TextColumns = request.Text.Columns,
            TextRows = request.Text.Rows,
            TextScale = request.Text.Scale,
            ErrorGain = 4f,
        };
        if (request.Inpainter.LatestStats is { } stats)
        {
            var grid = stats.Grid;
            (push.TilesX, push.TilesY) = (grid.TilesX, grid.TilesY);
            (push.TileStride, push.TileSize, push.TileOverlap) = (grid.Stride, grid.TileSize, grid.Overlap);
        }

        if (request.Brush is { } b)
        {
            (push.BrushX, push.BrushY, push.BrushRadius) = ((float)b.X, (float)b.Y, (float)b.Radius);
            push.Flags |= DisplayPush.ShowBrush;
        }

        return push;
    }

    private bool RecreateSwapchain()
    {
        var (w, h) = _framebufferSize();
        if (!_swapchain.Recreate(w, h))
        {
            return false; // minimised: try again when the window has an area
        }

        var extent = _swapchain.Extent;
        if (_window is null || _window.Width != extent.Width || _window.Height != extent.Height)
        {
            _window?.Dispose();
            _window = new DeviceImage(_gpu, (int)extent.Width, (int)extent.Height, Format.R8G8B8A8Unorm,
                ImageUsageFlags.StorageBit | ImageUsageFlags.TransferSrcBit);
            _windowFresh = true;
            for (int i = 0; i < FramesInFlight; i++)
            {
                _display.Bind(i, _frame, _window, _slots[i].Overlay);
            }
        }

        _recreate = false;
        return true;
    }

    private void OneShot(Action<CommandBuffer> record)
    {
        var vk = _gpu.Vk;
        var cmd = _slots[0].Commands;
        var fence = _slots[0].InFlight;
        vk.ResetFences(_gpu.Device, 1, &fence).Check("vkResetFences");
        var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
        vk.BeginCommandBuffer(cmd, &begin).Check("vkBeginCommandBuffer");
        record(cmd);
        vk.EndCommandBuffer(cmd).Check("vkEndCommandBuffer");
        var submit = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 1, PCommandBuffers = &cmd };
        vk.QueueSubmit(_gpu.Queue, 1, &submit, fence).Check("vkQueueSubmit");
        _slots[0].WaitIdle();
    }
}

/// <summary>Receives an inpainted frame's output (RGBA8) and the hole mask it was filled with.</summary>
internal delegate void FillHandler(ReadOnlySpan<byte> fill, ReadOnlySpan<byte> mask);
