using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Frames;

/// <summary>
/// Fills the holes of whole frames on the GPU, recorded into the host's own command buffer. The frame is
/// covered by overlapping model-sized tiles; compute passes mark the patches holding holes, compact the tiles
/// that have any and write indirect dispatches, so the model runs only on those tiles and the CPU never reads
/// back mid-frame; overlapping fills are cross-faded, known pixels copied bit-exactly.
/// </summary>
/// <remarks>
/// Steady state: <see cref="Record"/> replays a secondary command buffer recorded once per frame slot (and
/// re-recorded only when the images or the frame size change), so it allocates no managed memory and creates
/// no Vulkan objects. See docs/INTEGRATION.md for image layouts, barriers and a complete example.
/// <para>
/// Threading: one thread at a time. <see cref="Record"/>, <see cref="UpdateStats"/>, <see cref="ForgetImage"/>
/// and <see cref="Dispose"/> must not overlap (they share the frame slots and the image-view cache); an overlap
/// is detected and throws <see cref="InvalidOperationException"/> instead of corrupting a slot. Different
/// inpainters may record on different threads, into different command buffers.
/// </para>
/// </remarks>
public sealed unsafe class FrameInpainter : IDisposable
{
    /// <summary>Timed stages, in <see cref="FrameStats.StageMilliseconds"/> order.</summary>
    public static readonly IReadOnlyList<string> StageNames = ["plan", "tile_io", "patch_embed", "encoder", "decoder", "predict", "composite", "blend"];

    private const int MaxFeather = 16;
    private readonly GpuContext _context;
    private readonly GpuWeights _weights;
    private readonly MaeForward _forward;
    private readonly GpuBuffer _state;
    private readonly GpuBuffer _accum;
    private readonly GpuBuffer? _history;
    private readonly GpuImage _absentInput;
    private readonly FrameStateLayout _stateLayout;
    private readonly FramePassRecorder _recorder;
    private readonly ImageViewCache _views;
    private readonly FrameSlot[] _slots;
    private readonly CommandPool _pool;
    private readonly DescriptorPool _descriptorPool;
    private readonly FrameStats _stats;
    private long _frames;
    private int _historyHalf;
    private int _historyWidth, _historyHeight;
    private int _busy;
    private bool _disposed;

    /// <summary>
    /// Prepares the pass for frames up to <see cref="FrameInpainterOptions.MaxWidth"/> x
    /// <see cref="FrameInpainterOptions.MaxHeight"/> with <paramref name="weights"/>' model; allocates everything now.
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range or the frame exceeds the device's limits.</exception>
    public FrameInpainter(GpuContext context, GpuWeights weights, FrameInpainterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(weights);
        ObjectDisposedException.ThrowIf(context.IsDisposed, context);
        ObjectDisposedException.ThrowIf(weights.IsDisposed, weights);
        _context = context;
        _weights = weights;
        Options = options ?? new FrameInpainterOptions();
        Config = weights.Config;
        int s = Config.ImageSize;
        Overlap = Options.TileOverlap ?? FrameTileGrid.DefaultOverlap(s, Config.PatchSize);
        ContextRadius = Options.ContextRadius ?? Config.ContextRadius;
        Validate(context, Options, s, Overlap);
        if (ContextRadius < 0 || ContextRadius > Config.GridSize)
        {
            throw new ArgumentException($"Context radius {ContextRadius}: expected 0 (every visible patch) to {Config.GridSize} patches.");
        }

        MaxGrid = new FrameTileGrid(s, Overlap, Options.MaxWidth, Options.MaxHeight);
        int maxTiles = MaxGrid.Count;
        int tilesPerPass = Math.Min(Options.TilesPerPass, maxTiles);
        int maxPasses = (maxTiles + tilesPerPass - 1) / tilesPerPass;
        _forward = new MaeForward(context, weights, tilesPerPass, Options.Kernels, maxTiles, Options.Activations);
        try
        {
            var table = FramePassRecorder.CaptureTable(context, _forward, tilesPerPass, out int dispatches, out int levels);
            FramePassRecorder.CreatePipelines(context);
            var layout = new FrameStateLayout(maxTiles, Config.NumPatches, dispatches, levels, maxPasses, Options.MaxWidth, Options.MaxHeight);
            _stateLayout = layout;
            _state = new GpuBuffer(context, layout.Words * sizeof(uint), "frame-state", BufferUsageFlags.IndirectBufferBit);
            _state.Write<uint>(table, layout.Table * sizeof(uint));
            long pixels = (long)Options.MaxWidth * Options.MaxHeight;
            _accum = new GpuBuffer(context, (ulong)(pixels * (Options.Reconstruction ? 2 : 1) * 16), "frame-accumulators");
            // Two halves (read the previous frame's, write this one's) of 16 bytes a pixel.
            _history = Options.History ? new GpuBuffer(context, (ulong)(pixels * 2 * 16), "frame-history") : null;
            _absentInput = CreateAbsentInput(context);
            _recorder = new FramePassRecorder(context, _forward, _state, layout, Overlap, tilesPerPass, Options.FeatherRadius, ContextRadius, checked((uint)pixels), dispatches, levels);
            _views = new ImageViewCache(context);
            _stats = new FrameStats(maxTiles, StageNames.Count);
            (_pool, _descriptorPool, _slots) = CreateSlots(context, Options.FramesInFlight, 3 + (maxPasses * 7), maxTiles);
            TilesPerPass = tilesPerPass;
            DispatchesPerPass = dispatches;
        }
        catch
        {
            // CreateSlots cleans up after itself; the view cache is still empty here.
            _state?.Dispose();
            _accum?.Dispose();
            _history?.Dispose();
            _absentInput?.Dispose();
            _forward.Dispose();
            throw;
        }

        string description = $"FrameInpainter ({Options.MaxWidth}x{Options.MaxHeight})";
        weights.AddUser(this, description);
        context.AddUser(this, description);
    }

    /// <summary>The options this pass was built with.</summary>
    public FrameInpainterOptions Options { get; }

    /// <summary>The model's config (its tile size is <see cref="MaeConfig.ImageSize"/>).</summary>
    public MaeConfig Config { get; }

    /// <summary>Pixels neighbouring tiles share.</summary>
    public int Overlap { get; }

    /// <summary>Rows an indirect model pass rounds its encoder and query row counts up to (the levels of its indirect table).</summary>
    public static int IndirectRowQuantum => FramePassRecorder.RowQuantum;

    /// <summary>The context radius the encoder runs with, in patches (0: every visible patch).</summary>
    public int ContextRadius { get; }

    /// <summary>The tile grid of the largest frame.</summary>
    public FrameTileGrid MaxGrid { get; }

    /// <summary>Tiles one model pass takes.</summary>
    public int TilesPerPass { get; }

    /// <summary>Indirect dispatches of one model pass.</summary>
    public int DispatchesPerPass { get; }

    /// <summary>The GEMM/attention kernel family the model runs with.</summary>
    public KernelFamily KernelFamily => _forward.KernelFamily;

    /// <summary>Whether the model pass keeps its transient tensors in fp16 (<see cref="FrameInpainterOptions.Activations"/>).</summary>
    public bool HalfActivations => _forward.HalfActivations;

    /// <summary>
    /// Statistics of the most recent frame known to have completed (null until one has): refreshed by
    /// <see cref="Record"/> (from the frame whose slot it reuses) and <see cref="UpdateStats"/>. Never waits.
    /// </summary>
    public FrameStats? LatestStats { get; private set; }

    /// <summary>The tile grid of a <paramref name="width"/> x <paramref name="height"/> frame.</summary>
    public FrameTileGrid GridFor(int width, int height) => new(Config.ImageSize, Overlap, width, height);

    /// <summary>
    /// Records the inpaint pass for <paramref name="frame"/> into <paramref name="commandBuffer"/> (a primary
    /// command buffer in the recording state, outside a render pass). Image layouts and access are as
    /// <see cref="FrameImages"/> describes. The pipeline and descriptor bindings of the command buffer are
    /// undefined afterwards. Up to <see cref="FrameInpainterOptions.FramesInFlight"/> recorded frames may be
    /// pending on the GPU; the host must have waited for the frame recorded that many calls ago.
    /// </summary>
    /// <exception cref="ArgumentException">The frame's size or formats are not accepted (the message says which and why).</exception>
    /// <exception cref="ObjectDisposedException">This inpainter, or the weights it was built with, were disposed.</exception>
    /// <exception cref="InvalidOperationException">Another thread is inside Record, UpdateStats, ForgetImage or Dispose of this inpainter.</exception>
    public void Record(CommandBuffer commandBuffer, in FrameImages frame)
    {
        Enter(nameof(Record));
        try
        {
            RecordCore(commandBuffer, frame);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Test hook: runs inside <see cref="Record"/> while it holds the inpainter (to provoke an overlapping call).</summary>
    internal Action? WhileRecording { get; set; }

    private void RecordCore(CommandBuffer commandBuffer, in FrameImages frame)
    {
        if (_weights.IsDisposed)
        {
            throw new ObjectDisposedException(nameof(GpuWeights), "FrameInpainter.Record: the GpuWeights this inpainter was built with were disposed.");
        }

        if (commandBuffer.Handle == 0)
        {
            throw new ArgumentException("Record needs the host's command buffer (the handle was null).", nameof(commandBuffer));
        }

        WhileRecording?.Invoke();
        CheckFrame(frame);
        ReleaseRetiredViews();
        var slot = _slots[_frames % _slots.Length];
        Collect(slot);

        var key = KeyFor(frame);
        bool rerecord = slot.Recorded is not { } recorded || !recorded.Equals(key);
        if (rerecord)
        {
            UpdateSet(slot, key);
            _recorder.Record(slot, key);
            slot.Recorded = key;
        }

        WriteParams(slot, frame, key);

        // The pass's copy of its timestamps sets these availability words again once the frame completes.
        slot.Stats.Write<ulong>(ZeroQueryWords(slot), slot.QueryOffset);
        slot.FrameNumber = _frames++;
        slot.Rerecorded = rerecord;
        var commands = slot.Commands;
        _context.Vk.CmdExecuteCommands(commandBuffer, 1, &commands);
    }

    /// <summary>Reads the statistics of every recorded frame that has completed since (without waiting); returns <see cref="LatestStats"/>.</summary>
    public FrameStats? UpdateStats()
    {
        Enter(nameof(UpdateStats));
        try
        {
            return UpdateStatsCore();
        }
        finally
        {
            Exit();
        }
    }

    private FrameStats? UpdateStatsCore()
    {
        // Oldest first, so the newest completed frame ends up in LatestStats; no LINQ (callable every frame).
        long after = LatestStats?.FrameNumber ?? -1;
        while (true)
        {
            FrameSlot? next = null;
            foreach (var slot in _slots)
            {
                if (slot.FrameNumber > after && (next is null || slot.FrameNumber < next.FrameNumber))
                {
                    next = slot;
                }
            }

            if (next is null)
            {
                return LatestStats;
            }

            Collect(next);
            after = next.FrameNumber;
        }
    }

    /// <summary>
    /// Destroys the views made for <paramref name="image"/> (of every format and generation) and marks for
    /// re-recording every slot whose commands name one of them. Call it once the GPU is done with the image
    /// and before destroying it: Vulkan may hand the next image the same handle value, and a view cached
    /// under that value would otherwise point at the destroyed image. Alternatively, give re-created images
    /// a new <see cref="FrameImages.Generation"/>. Unknown images are ignored.
    /// </summary>
    public void ForgetImage(Image image)
    {
        Enter(nameof(ForgetImage));
        try
        {
            Invalidate(_views.Forget(image));
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>True once <see cref="Dispose"/> has run.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>
    /// Destroys everything the pass created and releases the weights and the context. The GPU must be done
    /// with every command buffer <see cref="Record"/> was recorded into (wait for your fences or the device).
    /// A second call does nothing.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Enter(nameof(Dispose));
        try
        {
            _disposed = true;
            var vk = _context.Vk;
            foreach (var slot in _slots)
            {
                slot.Dispose();
            }

            vk.DestroyCommandPool(_context.Device, _pool, null);
            vk.DestroyDescriptorPool(_context.Device, _descriptorPool, null);
            _context.TrackDestroyed(2);
            _views.Dispose();
            _absentInput.Dispose();
            _history?.Dispose();
            _accum.Dispose();
            _state.Dispose();
            _forward.Dispose();
            _weights.RemoveUser(this);
            _context.RemoveUser(this);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>Claims the inpainter for one public call; throws when disposed or when another call holds it.</summary>
    private void Enter(string call)
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            throw new InvalidOperationException(
                $"FrameInpainter.{call} was called while another call on this inpainter is in progress (on another thread): a FrameInpainter is used by one thread at a time.");
        }

        if (_disposed)
        {
            Volatile.Write(ref _busy, 0);
            throw new ObjectDisposedException(nameof(FrameInpainter), $"FrameInpainter.{call}: the inpainter was disposed.");
        }
    }

    private void Exit() => Volatile.Write(ref _busy, 0);

    /// <summary>Destroys the views retired by a generation change once no frame that may use them is pending.</summary>
    private void ReleaseRetiredViews()
    {
        if (_views.HasRetired)
        {
            Invalidate(_views.ReleaseRetired(_frames, _slots.Length));
        }
    }

    /// <summary>Marks for re-recording the slots whose set and commands name one of <paramref name="destroyed"/>.</summary>
    private void Invalidate(List<ImageView> destroyed)
    {
        if (destroyed.Count == 0)
        {
            return;
        }

        foreach (var slot in _slots)
        {
            if (slot.Recorded is { } k)
            {
                foreach (var view in destroyed)
                {
                    if (k.Uses(view))
                    {
                        slot.Recorded = null;
                        break;
                    }
                }
            }
        }
    }

    private static ReadOnlySpan<ulong> ZeroQueryWords(FrameSlot slot)
    {
        var words = slot.QueryWords.AsSpan(0, 2 * slot.Timer.Marks);
        words.Clear();
        return words;
    }

    private static void Validate(GpuContext context, FrameInpainterOptions o, int tile, int overlap)
    {
        uint maxDim = context.Properties.Limits.MaxImageDimension2D;
        if (o.MaxWidth < 1 || o.MaxHeight < 1 || o.MaxWidth > maxDim || o.MaxHeight > maxDim)
        {
            throw new ArgumentException($"Frame size {o.MaxWidth}x{o.MaxHeight}: expected 1..{maxDim} per side (device '{context.DeviceName}' maxImageDimension2D).");
        }

        if (overlap < 0 || overlap % 2 != 0 || overlap > tile / 2)
        {
            throw new ArgumentException($"Tile overlap {overlap}: expected an even number of pixels from 0 to half the model's {tile}-pixel tile ({tile / 2}).");
        }

        if (o.FeatherRadius is < 0 or > MaxFeather)
        {
            throw new ArgumentException($"Feather radius {o.FeatherRadius}: expected 0..{MaxFeather} pixels.");
        }

        if (o.FramesInFlight is < 1 or > 8)
        {
            throw new ArgumentException($"Frames in flight {o.FramesInFlight}: expected 1..8.");
        }

        if (o.TilesPerPass < 1)
        {
            throw new ArgumentException($"Tiles per pass {o.TilesPerPass}: expected at least 1.");
        }

        if (o.HistoryFrames is < 1 or > 64)
        {
            throw new ArgumentException($"History frames {o.HistoryFrames}: expected 1..64.");
        }

        if (!(o.DepthTolerance >= 0.01f && o.DepthTolerance <= 4f))
        {
            throw new ArgumentException($"Depth tolerance {o.DepthTolerance}: expected 0.01..4 (relative inverse depth).");
        }
    }

    private void CheckFrame(in FrameImages f)
    {
        if (f.Width < 1 || f.Height < 1)
        {
            throw new ArgumentException($"Frame size {f.Width}x{f.Height}: an empty frame has nothing to fill (expected at least 1x1).");
        }

        if (f.Width > Options.MaxWidth || f.Height > Options.MaxHeight)
        {
            throw new ArgumentException($"Frame size {f.Width}x{f.Height} exceeds the {Options.MaxWidth}x{Options.MaxHeight} this inpainter was built for (FrameInpainterOptions.MaxWidth/MaxHeight).");
        }

        if (f.Color.Handle == 0 || f.Mask.Handle == 0 || f.Output.Handle == 0)
        {
            throw new ArgumentException("FrameImages needs Color, Mask and Output images (a handle was null).");
        }

        if (f.Output.Handle == f.Color.Handle)
        {
            throw new ArgumentException("FrameImages.Output must be another image than Color (the pass reads one while writing the other).");
        }

        if ((f.ColorFormat == FrameColorFormat.Rgba16Float) != (f.OutputFormat == FrameColorFormat.Rgba16Float))
        {
            throw new ArgumentException($"Colour format {f.ColorFormat} with output format {f.OutputFormat}: both must be 8-bit or both Rgba16Float, so known pixels are copied exactly.");
        }

        if (f.MaskFormat is not (Format.Undefined or Format.R8Unorm or Format.R8G8B8A8Unorm))
        {
            throw new ArgumentException($"Mask format {f.MaskFormat}: expected R8Unorm or R8G8B8A8Unorm.");
        }

        if (f.Reconstruction.Handle != 0 && !Options.Reconstruction)
        {
            throw new ArgumentException("FrameImages.Reconstruction was given but the inpainter was built without FrameInpainterOptions.Reconstruction.");
        }

        if (f.DepthFormat is not (Format.Undefined or Format.D32Sfloat or Format.R32Sfloat))
        {
            throw new ArgumentException($"Depth format {f.DepthFormat}: expected D32Sfloat or R32Sfloat.");
        }

        if (f.DepthLayout is not (ImageLayout.Undefined or ImageLayout.ShaderReadOnlyOptimal or ImageLayout.DepthStencilReadOnlyOptimal or ImageLayout.DepthReadOnlyOptimal or ImageLayout.General))
        {
            throw new ArgumentException($"Depth layout {f.DepthLayout}: expected ShaderReadOnlyOptimal, DepthStencilReadOnlyOptimal, DepthReadOnlyOptimal or General.");
        }

        if (f.DepthFormat == Format.R32Sfloat && f.DepthLayout is ImageLayout.DepthStencilReadOnlyOptimal or ImageLayout.DepthReadOnlyOptimal)
        {
            throw new ArgumentException($"Depth layout {f.DepthLayout} with depth format R32Sfloat: a colour image is sampled in ShaderReadOnlyOptimal or General.");
        }

        if (f.MotionFormat is not (Format.Undefined or Format.R16G16Sfloat or Format.R32G32Sfloat))
        {
            throw new ArgumentException($"Motion format {f.MotionFormat}: expected R16G16Sfloat or R32G32Sfloat.");
        }

        if (f.Depth.Handle != 0 && (f.Depth.Handle == f.Output.Handle || f.Depth.Handle == f.Reconstruction.Handle))
        {
            throw new ArgumentException("FrameImages.Depth must be another image than Output and Reconstruction (the pass reads one while writing the other).");
        }

        if (f.Motion.Handle != 0 && (f.Motion.Handle == f.Output.Handle || f.Motion.Handle == f.Reconstruction.Handle))
        {
            throw new ArgumentException("FrameImages.Motion must be another image than Output and Reconstruction (the pass reads one while writing the other).");
        }

        const FrameFlags known = FrameFlags.CameraCut | FrameFlags.ReversedDepth | FrameFlags.LinearDepth | FrameFlags.MotionTowardsCurrent;
        if ((f.Flags & ~known) != 0)
        {
            throw new ArgumentException($"FrameImages.Flags 0x{(uint)f.Flags:x}: unknown bits 0x{(uint)(f.Flags & ~known):x} (expected a combination of {known}).");
        }
    }

    private FrameRecordingKey KeyFor(in FrameImages f)
    {
        var colorView = _views.Get(f.Color, ViewFormat(f.ColorFormat), f.Generation, _frames);
        var maskView = _views.Get(f.Mask, f.MaskFormat == Format.Undefined ? Format.R8Unorm : f.MaskFormat, f.Generation, _frames);
        var outputView = _views.Get(f.Output, ViewFormat(f.OutputFormat), f.Generation, _frames);
        bool hasRecon = f.Reconstruction.Handle != 0;
        var reconView = hasRecon ? _views.Get(f.Reconstruction, ViewFormat(f.OutputFormat), f.Generation, _frames) : outputView;
        bool hasDepth = f.Depth.Handle != 0, hasMotion = f.Motion.Handle != 0;
        var absent = _views.Get(_absentInput.Handle, _absentInput.Format, 0, _frames);
        var depthView = hasDepth ? _views.Get(f.Depth, f.DepthFormat == Format.Undefined ? Format.D32Sfloat : f.DepthFormat, f.Generation, _frames) : absent;
        var motionView = hasMotion ? _views.Get(f.Motion, f.MotionFormat == Format.Undefined ? Format.R16G16Sfloat : f.MotionFormat, f.Generation, _frames) : absent;
        var depthLayout = hasDepth && f.DepthLayout != ImageLayout.Undefined ? f.DepthLayout : ImageLayout.ShaderReadOnlyOptimal;
        return new FrameRecordingKey(f.Width, f.Height, f.ColorFormat, f.OutputFormat, colorView.Handle, maskView.Handle, outputView.Handle, reconView.Handle, hasRecon,
            depthView.Handle, depthLayout, motionView.Handle, hasDepth, hasMotion);
    }

    /// <summary>
    /// Writes this frame's <see cref="FrameParams"/> into the slot: which inputs it has, their conventions, and the
    /// history half to read (the one the previous frame wrote). The history is valid unless this is the first frame, a
    /// camera cut, or the frame size changed; it alternates halves every frame either way.
    /// </summary>
    private void WriteParams(FrameSlot slot, in FrameImages f, in FrameRecordingKey key)
    {
        var p = default(FrameParams);
        p.Flags = (key.HasDepth ? FrameParams.HasDepth : 0) | (key.HasMotion ? FrameParams.HasMotion : 0);
        p.Flags |= (f.Flags & FrameFlags.ReversedDepth) != 0 ? FrameParams.ReversedDepth : 0;
        p.Flags |= (f.Flags & FrameFlags.LinearDepth) != 0 ? FrameParams.LinearDepth : 0;
        p.Flags |= (f.Flags & FrameFlags.MotionTowardsCurrent) != 0 ? FrameParams.MotionTowardsCurrent : 0;
        if (_history is not null)
        {
            bool valid = _historyWidth == f.Width && _historyHeight == f.Height && (f.Flags & FrameFlags.CameraCut) == 0;
            p.Flags |= FrameParams.History | (valid ? FrameParams.HistoryValid : 0);
            _historyHalf ^= 1;
            _historyWidth = f.Width;
            _historyHeight = f.Height;
        }

        p.ReadHalf = (uint)(_historyHalf ^ 1);
        p.PixelsPerHalf = (uint)(Options.MaxWidth * Options.MaxHeight);
        p.HistoryFrames = Options.HistoryFrames;
        p.DepthTolerance = Options.DepthTolerance;
        p.WithheldOffset = _stateLayout.Withheld;
        p.WordsPerRow = (uint)FrameParams.WordsPerRowFor(f.Width);
        p.BlocksOffset = _stateLayout.Blocks;
        p.BlocksX = (uint)FrameParams.BlocksFor(f.Width);
        p.BlocksY = (uint)FrameParams.BlocksFor(f.Height);
        slot.Params.Write(new ReadOnlySpan<FrameParams>(in p));
    }

    /// <summary>
    /// The 1x1 image bound for a depth or motion input the frame does not give (zero; the shaders do not read it then,
    /// but every binding needs a valid descriptor).
    /// </summary>
    private static GpuImage CreateAbsentInput(GpuContext context)
    {
        var image = new GpuImage(context, 1, 1, Format.R32G32Sfloat, ImageUsageFlags.SampledBit | ImageUsageFlags.TransferDstBit);
        try
        {
            context.SubmitAndWait(cmd =>
            {
                image.Transition(cmd, ImageLayout.Undefined, ImageLayout.TransferDstOptimal, PipelineStageFlags.TopOfPipeBit, 0, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit);
                var color = default(ClearColorValue);
                var range = new ImageSubresourceRange(ImageAspectFlags.ColorBit, 0, 1, 0, 1);
                context.Vk.CmdClearColorImage(cmd, image.Handle, ImageLayout.TransferDstOptimal, &color, 1, &range);
                image.Transition(cmd, ImageLayout.TransferDstOptimal, ImageLayout.ShaderReadOnlyOptimal, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderReadBit);
            });
        }
        catch
        {
            image.Dispose();
            throw;
        }

        return image;
    }

    private static Format ViewFormat(FrameColorFormat format) =>
        format == FrameColorFormat.Rgba16Float ? Format.R16G16B16A16Sfloat : Format.R8G8B8A8Unorm;

    private void UpdateSet(FrameSlot slot, in FrameRecordingKey key)
    {
        var images = stackalloc DescriptorImageInfo[KernelLayout.FrameBindingCount];
        images[0] = new DescriptorImageInfo(default, key.Color, ImageLayout.ShaderReadOnlyOptimal);
        images[1] = new DescriptorImageInfo(default, key.Mask, ImageLayout.ShaderReadOnlyOptimal);
        images[2] = new DescriptorImageInfo(default, key.Output, ImageLayout.General);
        images[3] = new DescriptorImageInfo(default, key.Reconstruction, ImageLayout.General);
        images[6] = new DescriptorImageInfo(default, key.Depth, key.DepthLayout);
        images[7] = new DescriptorImageInfo(default, key.Motion, ImageLayout.ShaderReadOnlyOptimal);
        var buffers = stackalloc DescriptorBufferInfo[KernelLayout.FrameBindingCount];
        buffers[4] = new DescriptorBufferInfo(_state.Handle, 0, Vk.WholeSize);
        buffers[5] = new DescriptorBufferInfo(_accum.Handle, 0, Vk.WholeSize);
        // Without history the shaders never touch binding 8; the accumulators stand in for the descriptor.
        buffers[8] = new DescriptorBufferInfo((_history ?? _accum).Handle, 0, Vk.WholeSize);
        buffers[9] = new DescriptorBufferInfo(slot.Params.Handle, 0, Vk.WholeSize);
        var writes = stackalloc WriteDescriptorSet[KernelLayout.FrameBindingCount];
        for (int i = 0; i < KernelLayout.FrameBindingCount; i++)
        {
            var type = KernelLayout.FrameBindingType(i);
            bool isBuffer = type == DescriptorType.StorageBuffer;
            writes[i] = new WriteDescriptorSet
            {
                SType = StructureType.WriteDescriptorSet,
                DstSet = slot.Set,
                DstBinding = (uint)i,
                DescriptorCount = 1,
                DescriptorType = type,
                PImageInfo = isBuffer ? null : &images[i],
                PBufferInfo = isBuffer ? &buffers[i] : null,
            };
        }

        _context.Vk.UpdateDescriptorSets(_context.Device, KernelLayout.FrameBindingCount, writes, 0, null);
    }

    /// <summary>Copies a completed slot's results into <see cref="LatestStats"/> (skipped while its frame is pending).</summary>
    private void Collect(FrameSlot slot)
    {
        if (slot.FrameNumber < 0 || slot.Recorded is not { } key || slot.FrameNumber <= (LatestStats?.FrameNumber ?? -1))
        {
            return;
        }

        var queries = slot.QueryWords.AsSpan(0, 2 * slot.Timer.Marks);
        slot.Stats.Read(queries, slot.QueryOffset);
        if (!slot.Timer.TryRead(queries, _stats.StageStore, out double total) && slot.Timer.Enabled)
        {
            return;
        }

        var grid = GridFor(key.Width, key.Height);
        slot.Stats.Read<uint>(slot.StatsWords.AsSpan(0, 1 + grid.Count));
        int rowsAt = (int)(slot.RowsOffset / sizeof(uint));
        slot.Stats.Read<uint>(slot.StatsWords.AsSpan(rowsAt, 2 * grid.Count), slot.RowsOffset);
        _stats.FrameNumber = slot.FrameNumber;
        _stats.Grid = grid;
        _stats.ActiveTiles = (int)slot.StatsWords[0];
        for (int i = 0; i < grid.Count; i++)
        {
            _stats.TileSlotStore[i] = (int)slot.StatsWords[1 + i];
            _stats.EncoderRowStore[i] = (int)slot.StatsWords[rowsAt + (2 * i)];
            _stats.QueryRowStore[i] = (int)slot.StatsWords[rowsAt + (2 * i) + 1];
        }

        _stats.GpuMilliseconds = total;
        _stats.Rerecorded = slot.Rerecorded;
        LatestStats = _stats;
    }

    private static (CommandPool, DescriptorPool, FrameSlot[]) CreateSlots(GpuContext context, int count, int timerMarks, int maxTiles)
    {
        var vk = context.Vk;
        var poolInfo = new CommandPoolCreateInfo
        {
            SType = StructureType.CommandPoolCreateInfo,
            Flags = CommandPoolCreateFlags.ResetCommandBufferBit,
            QueueFamilyIndex = context.QueueFamilyIndex,
        };
        context.BeforeCreate("vkCreateCommandPool (frame slots)");
        CommandPool pool;
        vk.CreateCommandPool(context.Device, &poolInfo, null, &pool).Check();
        context.TrackCreated();
        DescriptorPool descriptorPool = default;
        var slots = new FrameSlot[count];
        try
        {
            var sizes = stackalloc DescriptorPoolSize[3];
            sizes[0] = new DescriptorPoolSize(DescriptorType.CombinedImageSampler, (uint)(4 * count));
            sizes[1] = new DescriptorPoolSize(DescriptorType.StorageImage, (uint)(2 * count));
            sizes[2] = new DescriptorPoolSize(DescriptorType.StorageBuffer, (uint)(4 * count));
            var dpInfo = new DescriptorPoolCreateInfo { SType = StructureType.DescriptorPoolCreateInfo, MaxSets = (uint)count, PoolSizeCount = 3, PPoolSizes = sizes };
            context.BeforeCreate("vkCreateDescriptorPool (frame slots)");
            vk.CreateDescriptorPool(context.Device, &dpInfo, null, &descriptorPool).Check();
            context.TrackCreated();
            for (int i = 0; i < count; i++)
            {
                var layout = context.Layout.FrameSetLayout;
                var alloc = new DescriptorSetAllocateInfo { SType = StructureType.DescriptorSetAllocateInfo, DescriptorPool = descriptorPool, DescriptorSetCount = 1, PSetLayouts = &layout };
                DescriptorSet set;
                vk.AllocateDescriptorSets(context.Device, &alloc, &set).Check();
                var cbInfo = new CommandBufferAllocateInfo { SType = StructureType.CommandBufferAllocateInfo, CommandPool = pool, Level = CommandBufferLevel.Secondary, CommandBufferCount = 1 };
                CommandBuffer cb;
                vk.AllocateCommandBuffers(context.Device, &cbInfo, &cb).Check();
                slots[i] = new FrameSlot(context, set, cb, timerMarks, maxTiles);
            }
        }
        catch
        {
            // Sets and command buffers go with their pools; each finished slot owns a query pool and a buffer.
            foreach (var slot in slots)
            {
                slot?.Dispose();
            }

            if (descriptorPool.Handle != 0)
            {
                vk.DestroyDescriptorPool(context.Device, descriptorPool, null);
                context.TrackDestroyed();
            }

            vk.DestroyCommandPool(context.Device, pool, null);
            context.TrackDestroyed();
            throw;
        }

        return (pool, descriptorPool, slots);
    }
}
