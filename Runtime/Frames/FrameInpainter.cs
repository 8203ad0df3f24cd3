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
/// </remarks>
public sealed unsafe class FrameInpainter : IDisposable
{
    /// <summary>Timed stages, in <see cref="FrameStats.StageMilliseconds"/> order.</summary>
    public static readonly IReadOnlyList<string> StageNames = ["plan", "tile_io", "patch_embed", "encoder", "decoder", "predict", "composite", "blend"];

    private const int MaxFeather = 16;
    private readonly GpuContext _context;
    private readonly MaeForward _forward;
    private readonly GpuBuffer _state;
    private readonly GpuBuffer _accum;
    private readonly FramePassRecorder _recorder;
    private readonly ImageViewCache _views;
    private readonly FrameSlot[] _slots;
    private readonly CommandPool _pool;
    private readonly DescriptorPool _descriptorPool;
    private readonly FrameStats _stats;
    private long _frames;

    /// <summary>
    /// Prepares the pass for frames up to <see cref="FrameInpainterOptions.MaxWidth"/> x
    /// <see cref="FrameInpainterOptions.MaxHeight"/> with <paramref name="weights"/>' model; allocates everything now.
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range or the frame exceeds the device's limits.</exception>
    public FrameInpainter(GpuContext context, GpuWeights weights, FrameInpainterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(weights);
        _context = context;
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
        _forward = new MaeForward(context, weights, tilesPerPass, Options.Kernels, maxTiles);
        try
        {
            var table = FramePassRecorder.CaptureTable(context, _forward, tilesPerPass, out int dispatches, out int levels);
            FramePassRecorder.CreatePipelines(context);
            var layout = new FrameStateLayout(maxTiles, Config.NumPatches, dispatches, levels, maxPasses);
            _state = new GpuBuffer(context, layout.Words * sizeof(uint), "frame-state", BufferUsageFlags.IndirectBufferBit);
            _state.Write<uint>(table, layout.Table * sizeof(uint));
            long pixels = (long)Options.MaxWidth * Options.MaxHeight;
            _accum = new GpuBuffer(context, (ulong)(pixels * (Options.Reconstruction ? 2 : 1) * 16), "frame-accumulators");
            _recorder = new FramePassRecorder(context, _forward, _state, layout, Overlap, tilesPerPass, Options.FeatherRadius, ContextRadius, checked((uint)pixels), dispatches, levels);
            _views = new ImageViewCache(context);
            _stats = new FrameStats(maxTiles, StageNames.Count);
            (_pool, _descriptorPool, _slots) = CreateSlots(context, Options.FramesInFlight, 3 + (maxPasses * 7), maxTiles);
            TilesPerPass = tilesPerPass;
            DispatchesPerPass = dispatches;
        }
        catch
        {
            _state?.Dispose();
            _accum?.Dispose();
            _forward.Dispose();
            throw;
        }
    }

    /// <summary>The options this pass was built with.</summary>
    public FrameInpainterOptions Options { get; }

    /// <summary>The model's config (its tile size is <see cref="MaeConfig.ImageSize"/>).</summary>
    public MaeConfig Config { get; }

    /// <summary>Pixels neighbouring tiles share.</summary>
    public int Overlap { get; }

    /// <summary>Rows an indirect model pass rounds its encoder and query row counts up to (the levels of its indirect table).</summary>
    public int IndirectRowQuantum => FramePassRecorder.RowQuantum;

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
    public void Record(CommandBuffer commandBuffer, in FrameImages frame)
    {
        if (commandBuffer.Handle == 0)
        {
            throw new ArgumentException("Record needs the host's command buffer (the handle was null).", nameof(commandBuffer));
        }

        CheckFrame(frame);
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

    /// <summary>Destroys the views made for <paramref name="image"/> (call after the GPU is done with it, before destroying it).</summary>
    public void ForgetImage(Image image)
    {
        var views = _views.ViewsOf(image);
        foreach (var slot in _slots)
        {
            if (slot.Recorded is { } k && (views.Contains(k.Color) || views.Contains(k.Mask) || views.Contains(k.Output) || views.Contains(k.Reconstruction)))
            {
                slot.Recorded = null; // its set and command buffer name a view about to be destroyed
            }
        }

        _views.Forget(image);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        var vk = _context.Vk;
        foreach (var slot in _slots)
        {
            slot.Dispose();
        }

        vk.DestroyCommandPool(_context.Device, _pool, null);
        vk.DestroyDescriptorPool(_context.Device, _descriptorPool, null);
        _views.Dispose();
        _accum.Dispose();
        _state.Dispose();
        _forward.Dispose();
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
    }

    private FrameRecordingKey KeyFor(in FrameImages f)
    {
        var colorView = _views.Get(f.Color, ViewFormat(f.ColorFormat));
        var maskView = _views.Get(f.Mask, f.MaskFormat == Format.Undefined ? Format.R8Unorm : f.MaskFormat);
        var outputView = _views.Get(f.Output, ViewFormat(f.OutputFormat));
        bool hasRecon = f.Reconstruction.Handle != 0;
        var reconView = hasRecon ? _views.Get(f.Reconstruction, ViewFormat(f.OutputFormat)) : outputView;
        return new FrameRecordingKey(f.Width, f.Height, f.ColorFormat, f.OutputFormat, colorView.Handle, maskView.Handle, outputView.Handle, reconView.Handle, hasRecon);
    }

    private static Format ViewFormat(FrameColorFormat format) =>
        format == FrameColorFormat.Rgba16Float ? Format.R16G16B16A16Sfloat : Format.R8G8B8A8Unorm;

    private void UpdateSet(FrameSlot slot, in FrameRecordingKey key)
    {
        var images = stackalloc DescriptorImageInfo[4];
        images[0] = new DescriptorImageInfo(default, key.Color, ImageLayout.ShaderReadOnlyOptimal);
        images[1] = new DescriptorImageInfo(default, key.Mask, ImageLayout.ShaderReadOnlyOptimal);
        images[2] = new DescriptorImageInfo(default, key.Output, ImageLayout.General);
        images[3] = new DescriptorImageInfo(default, key.Reconstruction, ImageLayout.General);
        var buffers = stackalloc DescriptorBufferInfo[2];
        buffers[0] = new DescriptorBufferInfo(_state.Handle, 0, Vk.WholeSize);
        buffers[1] = new DescriptorBufferInfo(_accum.Handle, 0, Vk.WholeSize);
        var writes = stackalloc WriteDescriptorSet[KernelLayout.FrameBindingCount];
        for (int i = 0; i < KernelLayout.FrameBindingCount; i++)
        {
            writes[i] = new WriteDescriptorSet
            {
                SType = StructureType.WriteDescriptorSet,
                DstSet = slot.Set,
                DstBinding = (uint)i,
                DescriptorCount = 1,
                DescriptorType = i switch
                {
                    < 2 => DescriptorType.CombinedImageSampler,
                    < 4 => DescriptorType.StorageImage,
                    _ => DescriptorType.StorageBuffer,
                },
                PImageInfo = i < 4 ? &images[i] : null,
                PBufferInfo = i >= 4 ? &buffers[i - 4] : null,
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
        CommandPool pool;
        vk.CreateCommandPool(context.Device, &poolInfo, null, &pool).Check();

        var sizes = stackalloc DescriptorPoolSize[3];
        sizes[0] = new DescriptorPoolSize(DescriptorType.CombinedImageSampler, (uint)(2 * count));
        sizes[1] = new DescriptorPoolSize(DescriptorType.StorageImage, (uint)(2 * count));
        sizes[2] = new DescriptorPoolSize(DescriptorType.StorageBuffer, (uint)(2 * count));
        var dpInfo = new DescriptorPoolCreateInfo { SType = StructureType.DescriptorPoolCreateInfo, MaxSets = (uint)count, PoolSizeCount = 3, PPoolSizes = sizes };
        DescriptorPool descriptorPool;
        vk.CreateDescriptorPool(context.Device, &dpInfo, null, &descriptorPool).Check();

        var slots = new FrameSlot[count];
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

        return (pool, descriptorPool, slots);
    }
}
