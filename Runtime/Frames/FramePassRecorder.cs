using MaeRealtime.Runtime.Frames.Kernels;
using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Frames;

/// <summary>
/// Records the frame pass: clear the tile counter, copy known pixels (prepare), with depth withhold the occluders
/// around the holes, plan the tiles, write the
/// indirect commands, then per model pass of up to C tiles: load tiles, the model chain, accumulate (four
/// grid parities), and finally resolve the holes. Every dispatch after planning is indirect, so the same
/// recording serves any hole layout; the CPU never reads back during a frame.
/// </summary>
internal sealed unsafe class FramePassRecorder
{
    private const uint Group2D = 16;
    private readonly GpuContext _context;
    private readonly MaeForward _forward;
    private readonly GpuBuffer _state;
    private readonly FrameStateLayout _stateLayout;
    private readonly int _overlap;
    private readonly int _tilesPerPass;
    private readonly int _feather;
    private readonly int _contextRadius;
    private readonly int _tableLevels;
    private readonly uint _reconAccumOffset;

    public FramePassRecorder(GpuContext context, MaeForward forward, GpuBuffer state, FrameStateLayout stateLayout, int overlap, int tilesPerPass, int feather, int contextRadius, uint reconAccumOffset, int dispatchesPerPass, int tableLevels)
    {
        _context = context;
        _forward = forward;
        _state = state;
        _stateLayout = stateLayout;
        _overlap = overlap;
        _tilesPerPass = tilesPerPass;
        _feather = feather;
        _contextRadius = contextRadius;
        _reconAccumOffset = reconAccumOffset;
        DispatchesPerPass = dispatchesPerPass;
        _tableLevels = tableLevels;
    }

    public int DispatchesPerPass { get; }

    /// <summary>The frame-level kernels <see cref="Record"/> may use (both output formats), beside those of the model pass.</summary>
    private static readonly string[] FrameKernels =
    [
        "frame_prepare_rgba8", "frame_prepare_rgba16f", "frame_depth", "frame_plan", "frame_scan", "frame_rows", "frame_indirect",
        "frame_resolve_rgba8", "frame_resolve_rgba16f",
    ];

    /// <summary>
    /// Creates the pipelines of every frame-level kernel now (those of the model pass are created by
    /// <see cref="CaptureTable"/>), so the host's first <c>Record</c> compiles nothing and its frame has no hitch.
    /// </summary>
    public static void CreatePipelines(GpuContext context)
    {
        foreach (string name in FrameKernels)
        {
            _ = context.Kernels[name];
        }
    }

    /// <summary>Rows per level of a row extent in the indirect table: an indirect grid covers the planned rows rounded up to it.</summary>
    public const int RowQuantum = 16;

    /// <summary>
    /// The indirect table of one model pass: each dispatch's extent kind, then its workgroup counts at every level of
    /// that extent (tiles 0 .. C; rows in steps of <see cref="RowQuantum"/> up to the pass's capacity), captured by
    /// running the pass's recording code without a command buffer; checked to be the same chain for every level.
    /// </summary>
    public static uint[] CaptureTable(GpuContext context, MaeForward forward, int tilesPerPass, out int dispatchesPerPass, out int levels)
    {
        var grid = new FrameTileGrid(forward.Config.ImageSize, 0, 1, 1);
        var layout = forward.Layout;
        levels = 1 + Math.Max(tilesPerPass, (layout.EncoderRowCapacity + RowQuantum - 1) / RowQuantum);
        var captures = new List<DispatchRedirect>();
        for (int i = 0; i < levels; i++)
        {
            var extents = new PassExtents(
                (uint)Math.Min(i, tilesPerPass),
                (uint)Math.Min(i * RowQuantum, layout.EncoderRowCapacity),
                (uint)Math.Min(i * RowQuantum, layout.QueryRowCapacity));
            var redirect = DispatchRedirect.Capture();
            RecordModelPass(context, forward, new CommandRecorder(context, default, redirect), grid, extents, 0, 0, default, hasRecon: false, 0, timer: null);
            captures.Add(redirect);
        }

        dispatchesPerPass = captures[0].Count;
        foreach (var c in captures)
        {
            if (c.Count != dispatchesPerPass || !c.Kernels.SequenceEqual(captures[0].Kernels) || !c.Extents.SequenceEqual(captures[0].Extents))
            {
                throw new InvalidOperationException("The model pass records a different chain of kernels for different extents; it cannot be dispatched indirectly.");
            }
        }

        var table = new uint[dispatchesPerPass + (dispatchesPerPass * levels * 3)];
        for (int d = 0; d < dispatchesPerPass; d++)
        {
            table[d] = (uint)captures[0].Extents[d];
            for (int level = 0; level < levels; level++)
            {
                var (x, y, z) = captures[level].Groups[d];
                bool empty = x == 0 || y == 0 || z == 0;
                int at = dispatchesPerPass + (((d * levels) + level) * 3);
                table[at] = empty ? 0 : x;
                table[at + 1] = empty ? 1 : y;
                table[at + 2] = empty ? 1 : z;
            }
        }

        return table;
    }

    /// <summary>Records the whole frame into <paramref name="slot"/>'s secondary command buffer.</summary>
    public void Record(FrameSlot slot, in FrameRecordingKey key)
    {
        var vk = _context.Vk;
        var cmd = slot.Commands;
        var inheritance = new CommandBufferInheritanceInfo { SType = StructureType.CommandBufferInheritanceInfo };
        var begin = new CommandBufferBeginInfo
        {
            SType = StructureType.CommandBufferBeginInfo,
            Flags = CommandBufferUsageFlags.SimultaneousUseBit,
            PInheritanceInfo = &inheritance,
        };
        vk.BeginCommandBuffer(cmd, &begin).Check();

        var grid = new FrameTileGrid(_forward.Config.ImageSize, _overlap, key.Width, key.Height);
        var c = _forward.Config;
        var s = _stateLayout;
        var rec = new CommandRecorder(_context, cmd);
        uint colorKind = Kind(key.ColorFormat);
        uint hasRecon = key.HasReconstruction ? 1u : 0u;
        var kernels = _context.Kernels;
        string outputSuffix = Kind(key.OutputFormat) == 1 ? "rgba16f" : "rgba8";

        slot.Timer.Begin(cmd);

        // The previous frame on this queue may still be reading the arena, state and accumulators.
        FullBarrier(cmd);

        rec.BindSet(_forward.DescriptorSet);
        rec.BindFrameSet(slot.Set);
        rec.Dispatch(kernels[$"frame_prepare_{outputSuffix}"], new FramePreparePush
        {
            W = (uint)key.Width,
            H = (uint)key.Height,
            ColorKind = colorKind,
            HasRecon = hasRecon,
            OffReconAccum = _reconAccumOffset,
        }, DivUp(key.Width, Group2D), DivUp(key.Height, Group2D));
        if (key.HasDepth)
        {
            // Withhold the occluders before planning: the plan and the tiles' masks read the withheld bits.
            for (uint stage = 0; stage < 4; stage++)
            {
                rec.ComputeBarrier();
                rec.Dispatch(kernels["frame_depth"], new FrameDepthPush { W = (uint)key.Width, H = (uint)key.Height, ColorKind = colorKind, Stage = stage }, DivUp(key.Width, Group2D), DivUp(key.Height, Group2D));
            }

            rec.ComputeBarrier();
        }

        var a = _forward.Layout;
        rec.Dispatch(kernels["frame_plan"], new FramePlanPush
        {
            W = (uint)key.Width,
            H = (uint)key.Height,
            S = (uint)c.ImageSize,
            P = (uint)c.PatchSize,
            G = (uint)c.GridSize,
            L = (uint)c.NumPatches,
            T = (uint)grid.Stride,
            OffX = grid.OffsetX,
            OffY = grid.OffsetY,
            Nx = (uint)grid.TilesX,
            ColorKind = colorKind,
            MaxVisibleHoles = (uint)c.VisibleHolePixelLimit,
            Radius = (uint)_contextRadius,
            OffFlags = s.Flags,
            OffGridRows = s.GridRows,
            MaxGrowth = (uint)PatchPlan.MaxDepthGrowth,
            DepthThreshold = (uint)PatchPlan.DepthThreshold,
        }, (uint)grid.TilesX, (uint)grid.TilesY);
        rec.ComputeBarrier();

        int passes = (grid.Count + _tilesPerPass - 1) / _tilesPerPass;
        rec.Dispatch(kernels["frame_scan"], new FrameScanPush
        {
            GridCount = (uint)grid.Count,
            C = (uint)_tilesPerPass,
            Passes = (uint)passes,
            OffGridRows = s.GridRows,
            OffTileList = s.TileList,
            OffTileMap = s.TileMap,
            OffCounter = s.Counter,
            OffTileInfo = a.TileInfo,
            OffPassInfo = a.PassInfo,
        }, 1);
        rec.ComputeBarrier();
        rec.Dispatch(kernels["frame_rows"], new FrameRowsPush
        {
            L = (uint)c.NumPatches,
            C = (uint)_tilesPerPass,
            OffFlags = s.Flags,
            OffTileMap = s.TileMap,
            OffTileInfo = a.TileInfo,
            OffContext = a.Context,
            OffQuery = a.Query,
            OffRank = a.Rank,
            OffEncRowTile = a.EncoderRowTile,
            OffQueryRowTile = a.QueryRowTile,
            EncCap = (uint)a.EncoderRowCapacity,
            QueryCap = (uint)a.QueryRowCapacity,
        }, (uint)grid.TilesX, (uint)grid.TilesY);
        // frame_rows and frame_indirect touch different words of the same two buffers; the barrier orders them anyway
        // (synchronization validation tracks whole bindings, and a later layout change must not make it a real race).
        rec.ComputeBarrier();
        rec.Dispatch(kernels["frame_indirect"], new FrameIndirectPush
        {
            Passes = (uint)passes,
            D = (uint)DispatchesPerPass,
            Levels = (uint)_tableLevels,
            Quantum = RowQuantum,
            OffTable = s.Table,
            OffIndirect = s.Indirect,
            OffResolve = s.Resolve,
            ResolveX = DivUp(grid.CellWidth, Group2D),
            ResolveY = DivUp(grid.CellHeight, Group2D),
            OffCounter = s.Counter,
            OffPassInfo = a.PassInfo,
        }, 1);
        IndirectBarrier(cmd);
        slot.Timer.Mark(cmd, FrameTimer.PlanStage);

        var capacity = new PassExtents((uint)_tilesPerPass, (uint)a.EncoderRowCapacity, (uint)a.QueryRowCapacity);
        for (int k = 0; k < passes; k++)
        {
            var redirect = DispatchRedirect.Indirect(_state.Handle, (s.Indirect + ((ulong)k * (ulong)DispatchesPerPass * 3u)) * sizeof(uint));
            RecordModelPass(_context, _forward, new CommandRecorder(_context, cmd, redirect), grid, capacity, k, k * _tilesPerPass, colorKind, key.HasReconstruction, _reconAccumOffset, slot.Timer);
            if (redirect.Count != DispatchesPerPass)
            {
                throw new InvalidOperationException($"Model pass recorded {redirect.Count} dispatches; the indirect table has {DispatchesPerPass}.");
            }
        }

        var resolve = DispatchRedirect.Indirect(_state.Handle, s.Resolve * sizeof(uint));
        new CommandRecorder(_context, cmd, resolve).Dispatch(kernels[$"frame_resolve_{outputSuffix}"], new FrameResolvePush
        {
            W = (uint)key.Width,
            H = (uint)key.Height,
            T = (uint)grid.Stride,
            CellW = (uint)grid.CellWidth,
            CellH = (uint)grid.CellHeight,
            Nx = (uint)grid.TilesX,
            ColorKind = colorKind,
            Feather = (uint)_feather,
            HasRecon = hasRecon,
            OffTileList = s.TileList,
            OffReconAccum = _reconAccumOffset,
        }, 0);
        slot.Timer.Mark(cmd, FrameTimer.BlendStage);

        CopyStats(cmd, slot, grid.Count);
        vk.EndCommandBuffer(cmd).Check();
    }

    /// <summary>One model pass over the tiles of pass <paramref name="pass"/> (slots from <paramref name="passBase"/>): load, model chain, accumulate.</summary>
    private static void RecordModelPass(GpuContext context, MaeForward forward, CommandRecorder rec, FrameTileGrid grid, PassExtents extents, int pass, int passBase, uint colorKind, bool hasRecon, uint reconAccumOffset, FrameTimer? timer)
    {
        var c = forward.Config;
        var a = forward.Layout;
        var kernels = context.Kernels;
        uint tileGroups = DivUp(c.ImageSize, Group2D);
        rec.SizedBy(DispatchExtent.Tiles);
        rec.Dispatch(kernels["frame_load_tiles"], new FrameLoadTilesPush
        {
            W = (uint)grid.Width,
            H = (uint)grid.Height,
            S = (uint)c.ImageSize,
            T = (uint)grid.Stride,
            O = (uint)grid.Overlap,
            OffX = grid.OffsetX,
            OffY = grid.OffsetY,
            Nx = (uint)grid.TilesX,
            ColorKind = colorKind,
            PassBase = (uint)passBase,
            OffTileList = FrameStateLayout.TileListWord,
            OffImage = a.Image,
            OffMask = a.Mask,
        }, tileGroups, tileGroups, extents.Tiles);
        rec.ComputeBarrier();
        timer?.Mark(rec.CommandBuffer, FrameTimer.TileIoStage);

        forward.RecordChain(rec, extents, pass, (IStageMarks?)timer ?? NoMarks.Instance);
        rec.ComputeBarrier();

        rec.SizedBy(DispatchExtent.Tiles);
        for (uint parity = 0; parity < 4; parity++)
        {
            rec.Dispatch(kernels["frame_accumulate"], new FrameAccumulatePush
            {
                W = (uint)grid.Width,
                H = (uint)grid.Height,
                S = (uint)c.ImageSize,
                T = (uint)grid.Stride,
                O = (uint)grid.Overlap,
                OffX = grid.OffsetX,
                OffY = grid.OffsetY,
                Nx = (uint)grid.TilesX,
                PassBase = (uint)passBase,
                Px = parity & 1,
                Py = parity >> 1,
                OffTileList = FrameStateLayout.TileListWord,
                OffOutput = a.Output,
                OffRecon = a.Recon,
                OffMask = a.Mask,
                HasRecon = hasRecon ? 1u : 0u,
                OffReconAccum = reconAccumOffset,
            }, tileGroups, tileGroups, extents.Tiles);
            rec.ComputeBarrier();
        }

        timer?.Mark(rec.CommandBuffer, FrameTimer.BlendStage);
    }

    private void CopyStats(CommandBuffer cmd, FrameSlot slot, int gridTiles)
    {
        var vk = _context.Vk;
        var toTransfer = new MemoryBarrier { SType = StructureType.MemoryBarrier, SrcAccessMask = AccessFlags.ShaderWriteBit, DstAccessMask = AccessFlags.TransferReadBit };
        vk.CmdPipelineBarrier(cmd, PipelineStageFlags.ComputeShaderBit, PipelineStageFlags.TransferBit, 0, 1, &toTransfer, 0, null, 0, null);
        var regions = stackalloc BufferCopy[3];
        regions[0] = new BufferCopy(_stateLayout.Counter * sizeof(uint), 0, sizeof(uint));
        regions[1] = new BufferCopy(_stateLayout.TileMap * sizeof(uint), sizeof(uint), (ulong)gridTiles * sizeof(uint));
        regions[2] = new BufferCopy(_stateLayout.GridRows * sizeof(uint), slot.RowsOffset, 2UL * (ulong)gridTiles * sizeof(uint));
        vk.CmdCopyBuffer(cmd, _state.Handle, slot.Stats.Handle, 3, regions);

        // The timestamps land last, after a transfer barrier: their availability words then also say the counts are there.
        var transferOrder = new MemoryBarrier { SType = StructureType.MemoryBarrier, SrcAccessMask = AccessFlags.TransferWriteBit, DstAccessMask = AccessFlags.TransferWriteBit };
        vk.CmdPipelineBarrier(cmd, PipelineStageFlags.TransferBit, PipelineStageFlags.TransferBit, 0, 1, &transferOrder, 0, null, 0, null);
        slot.Timer.CopyResults(cmd, slot.Stats.Handle, slot.QueryOffset);
        var toHost = new MemoryBarrier { SType = StructureType.MemoryBarrier, SrcAccessMask = AccessFlags.TransferWriteBit, DstAccessMask = AccessFlags.HostReadBit };
        vk.CmdPipelineBarrier(cmd, PipelineStageFlags.TransferBit, PipelineStageFlags.HostBit, 0, 1, &toHost, 0, null, 0, null);
    }

    /// <summary>Orders this frame after everything earlier on the queue that touched the shared buffers (compute, transfers, indirect reads).</summary>
    private void FullBarrier(CommandBuffer cmd)
    {
        const PipelineStageFlags stages = PipelineStageFlags.ComputeShaderBit | PipelineStageFlags.TransferBit | PipelineStageFlags.DrawIndirectBit;
        var barrier = new MemoryBarrier
        {
            SType = StructureType.MemoryBarrier,
            SrcAccessMask = AccessFlags.ShaderWriteBit | AccessFlags.TransferWriteBit,
            DstAccessMask = AccessFlags.ShaderReadBit | AccessFlags.ShaderWriteBit | AccessFlags.TransferWriteBit | AccessFlags.TransferReadBit | AccessFlags.IndirectCommandReadBit,
        };
        _context.Vk.CmdPipelineBarrier(cmd, stages, stages, 0, 1, &barrier, 0, null, 0, null);
    }

    /// <summary>Makes the indirect commands (and the plan's indices) visible to indirect dispatches and the kernels.</summary>
    private void IndirectBarrier(CommandBuffer cmd)
    {
        var barrier = new MemoryBarrier
        {
            SType = StructureType.MemoryBarrier,
            SrcAccessMask = AccessFlags.ShaderWriteBit,
            DstAccessMask = AccessFlags.IndirectCommandReadBit | AccessFlags.ShaderReadBit | AccessFlags.ShaderWriteBit,
        };
        _context.Vk.CmdPipelineBarrier(cmd, PipelineStageFlags.ComputeShaderBit, PipelineStageFlags.DrawIndirectBit | PipelineStageFlags.ComputeShaderBit, 0, 1, &barrier, 0, null, 0, null);
    }

    private static uint Kind(FrameColorFormat format) => format == FrameColorFormat.Rgba16Float ? 1u : 0u;

    private static uint DivUp(int value, uint by) => ((uint)value + by - 1) / by;

    private sealed class NoMarks : IStageMarks
    {
        public static readonly NoMarks Instance = new();

        public void EndStage(CommandRecorder rec, int stage)
        {
        }
    }
}
