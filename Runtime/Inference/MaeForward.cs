using MaeRealtime.Runtime.Inference.Kernels;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Inference;

/// <summary>
/// The MAE forward pass over a batch of tiles as one chain of compute dispatches on packed rows: gather the
/// context patches, patch embed, position add, encoder blocks on the cls + context rows of each tile only, norm,
/// decoder embed; then either the reference decoder (mask-token scatter, blocks on all 1 + L rows per tile) or the
/// masked-query decoder (blocks on the masked patches' rows only, attending to the encoder's rows); decoder norm,
/// prediction and un-patchify with composite. Owns its activation arena, index buffer, descriptor set,
/// command buffer, fence and timestamps; reusing them means a pass allocates nothing on the GPU.
/// </summary>
public sealed unsafe class MaeForward : IDisposable
{
    /// <summary>Names of the timed stages, in order.</summary>
    public static readonly IReadOnlyList<string> StageNames = ["patch_embed", "encoder", "decoder", "predict", "composite"];

    private const uint GemmBias = 1, GemmGelu = 2, GemmResidual = 4;
    private readonly GpuContext _context;
    private readonly GpuWeights _weights;
    private readonly ActivationLayout _layout;
    private readonly GpuBuffer _arena;
    private readonly GpuBuffer _indices;
    private readonly KernelBindings _bindings;
    private readonly ReusableCommandBuffer _commands;
    private readonly ComputeKernel _gather, _addPosition, _queryTokens, _scatter, _composite, _residualFill;
    private readonly KernelSet _kernels;
    private readonly uint[] _indexStaging;
    private readonly BlockOffsets[] _encoderBlocks, _decoderBlocks;
    private readonly LayerOffsets _patchEmbed, _norm, _decoderEmbed, _decoderNorm, _decoderPred;
    private bool _disposed;

    /// <summary>
    /// Prepares a forward pass for up to <paramref name="maxTiles"/> tiles of <paramref name="weights"/>' model,
    /// with the GEMM/attention/LayerNorm kernels of <paramref name="family"/>; null chooses by device type
    /// (or the <c>MAE_KERNELS</c> environment variable, see <see cref="KernelFamily"/>). <paramref name="precision"/>:
    /// how the transient tensors are stored (<see cref="ActivationPrecision"/>).
    /// </summary>
    public MaeForward(GpuContext context, GpuWeights weights, int maxTiles, KernelFamily? family = null, ActivationPrecision precision = ActivationPrecision.Auto)
        : this(context, weights, maxTiles, family, maxTiles, precision)
    {
    }

    /// <summary>
    /// As the public constructor, with an index buffer for <paramref name="indexTiles"/> tiles (at least
    /// <paramref name="maxTiles"/>): the frame pipeline plans every tile of a frame at once and runs them
    /// <paramref name="maxTiles"/> at a time, each pass reading its tiles' indices at a base offset.
    /// </summary>
    internal MaeForward(GpuContext context, GpuWeights weights, int maxTiles, KernelFamily? family, int indexTiles, ActivationPrecision precision = ActivationPrecision.Auto)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTiles, 1);
        _context = context;
        _weights = weights;
        Config = weights.Config;
        if (Config.NumPatches + 1 > 2048)
        {
            throw new ArgumentException($"Model has {Config.NumPatches + 1} tokens per tile; the attention kernel holds at most 2048.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(indexTiles, maxTiles);
        ObjectDisposedException.ThrowIf(context.IsDisposed, context);
        ObjectDisposedException.ThrowIf(weights.IsDisposed, weights);
        // The family and precision come first (the CPU family needs texel views covering the fp32 arena it reads);
        // the arena is then sized for the precision chosen.
        var fp32Layout = new ActivationLayout(Config, maxTiles, indexTiles, halfActivations: false);
        bool texelViewsCover = KernelBindings.TexelViewsCover(context, weights.Buffer.Size, ArenaBytesOf(fp32Layout));
        family ??= KernelSet.Choose(context, texelViewsCover);
        if (family == KernelFamily.Cpu && !texelViewsCover)
        {
            throw new VulkanException($"The CPU kernel family reads through texel views, and device '{context.DeviceName}' allows only {context.Properties.Limits.MaxTexelBufferElements} texels per view; use the tiled family or fewer tiles per batch.");
        }

        _layout = ActivationPrecisionChoice.UsesHalf(context, family.Value, precision)
            ? new ActivationLayout(Config, maxTiles, indexTiles, halfActivations: true)
            : fp32Layout;
        ulong arenaBytes = ArenaBytesOf(_layout);
        ulong maxRange = context.Properties.Limits.MaxStorageBufferRange;
        if (arenaBytes > maxRange)
        {
            throw new ArgumentException($"{maxTiles} tiles need a {arenaBytes >> 20} MiB activation buffer; device '{context.DeviceName}' binds at most {maxRange >> 20} MiB. Use fewer tiles per batch.");
        }

        _indexStaging = new uint[_layout.IndexElements];
        try
        {
            _arena = new GpuBuffer(context, arenaBytes, "activations", KernelBindings.TexelUsage);
            _indices = new GpuBuffer(context, (ulong)_layout.IndexElements * sizeof(uint), "tile-indices");
            _bindings = new KernelBindings(context, weights.Buffer, _arena, _indices);
            _kernels = new KernelSet(context, family.Value, weights.MatricesAreHalf, _layout.HalfActivations);
            _commands = new ReusableCommandBuffer(context);
            Timer = new GpuTimer(context, StageNames);
            var k = context.Kernels;
            _gather = k["gather_patches"];
            _addPosition = k["add_position"];
            _queryTokens = k["query_tokens"];
            _scatter = k["scatter_mask_tokens"];
            _composite = k["unpatchify_composite"];
            _residualFill = k["residual_pushpull"];
        }
        catch
        {
            // What was created before the failure, newest first; the kernels belong to the context.
            Timer?.Dispose();
            _commands?.Dispose();
            _bindings?.Dispose();
            _indices?.Dispose();
            _arena?.Dispose();
            throw;
        }

        _encoderBlocks = Enumerable.Range(0, Config.Depth).Select(i => BlockOffsets.Of(weights, $"blocks.{i}")).ToArray();
        _decoderBlocks = Enumerable.Range(0, Config.DecoderDepth).Select(i => BlockOffsets.Of(weights, $"decoder_blocks.{i}")).ToArray();
        _patchEmbed = LayerOffsets.Of(weights, "patch_embed.proj");
        _norm = LayerOffsets.Of(weights, "norm");
        _decoderEmbed = LayerOffsets.Of(weights, "decoder_embed");
        _decoderNorm = LayerOffsets.Of(weights, "decoder_norm");
        _decoderPred = LayerOffsets.Of(weights, "decoder_pred");
        string description = $"MaeForward ({maxTiles} tiles)";
        weights.AddUser(this, description);
        context.AddUser(this, description);
    }

    /// <summary>
    /// GPU memory, in bytes, a forward pass for <paramref name="maxTiles"/> tiles of <paramref name="config"/>
    /// allocates besides the weights: the activation arena (sized for every patch visible, the worst case, with fp32
    /// activations; fp16 ones take less) and the index buffer. Tools use it to size batches and report memory without creating a device.
    /// </summary>
    public static long ArenaBytes(MaeConfig config, int maxTiles)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTiles, 1);
        config.Validate();
        try
        {
            var layout = new ActivationLayout(config, maxTiles);
            return (layout.ArenaElements * sizeof(float)) + (layout.IndexElements * sizeof(uint));
        }
        catch (OverflowException)
        {
            // The shaders address the arena with 32-bit element offsets.
            throw new ArgumentOutOfRangeException(nameof(maxTiles), maxTiles, "The activations of this many tiles exceed the 32-bit element offsets the shaders use.");
        }
    }

    /// <summary>The model's config.</summary>
    public MaeConfig Config { get; }

    /// <summary>Whether this pass keeps its transient tensors in fp16 (<see cref="ActivationPrecision"/>).</summary>
    public bool HalfActivations => _layout.HalfActivations;

    /// <summary>The family of GEMM, attention and LayerNorm kernels this pass runs.</summary>
    public KernelFamily KernelFamily => _kernels.Family;

    /// <summary>Most tiles one pass takes.</summary>
    public int MaxTiles => _layout.MaxTiles;

    /// <summary>Per-stage GPU times of the last pass.</summary>
    public GpuTimer Timer { get; }

    /// <summary>
    /// Runs the pass and waits for it. <paramref name="images"/>: [tiles, S, S, 3] RGB in [0, 1];
    /// <paramref name="holeMasks"/>: [tiles, S, S], &gt;= 0.5 is a hole; <paramref name="output"/> receives the
    /// composite, <paramref name="reconstruction"/> (optional) the de-normalized prediction of every pixel.
    /// </summary>
    public void Run(ReadOnlySpan<float> images, ReadOnlySpan<float> holeMasks, TileMasking masking, Span<float> output, Span<float> reconstruction = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(masking);
        int tiles = masking.Tiles, s2 = Config.ImageSize * Config.ImageSize;
        if (tiles < 1 || tiles > MaxTiles)
        {
            throw new ArgumentException($"Batch of {tiles} tiles: expected 1..{MaxTiles}.");
        }

        if (masking.Patches != Config.NumPatches)
        {
            throw new ArgumentException($"Masking has {masking.Patches} patches per tile; the model has {Config.NumPatches}.");
        }

        RequireLength(nameof(images), images.Length, tiles * s2 * 3);
        RequireLength(nameof(holeMasks), holeMasks.Length, tiles * s2);
        RequireLength(nameof(output), output.Length, tiles * s2 * 3);
        if (!reconstruction.IsEmpty)
        {
            RequireLength(nameof(reconstruction), reconstruction.Length, tiles * s2 * 3);
        }

        _arena.Write(images, (ulong)_layout.Image * sizeof(float));
        _arena.Write(holeMasks, (ulong)_layout.Mask * sizeof(float));
        var extents = WriteIndices(masking);

        _commands.Run((this, extents), static (rec, state) =>
        {
            rec.BindSet(state.Item1._bindings.Set);
            state.Item1.Timer.Begin(rec.CommandBuffer);
            state.Item1.RecordChain(rec, state.extents, 0, state.Item1.Timer);
        });
        Timer.Resolve();

        _arena.Read(output, (ulong)_layout.Output * sizeof(float));
        if (!reconstruction.IsEmpty)
        {
            _arena.Read(reconstruction, (ulong)_layout.Recon * sizeof(float));
        }
    }

    /// <summary>True once <see cref="Dispose"/> has run.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>Waits for its own last submission, frees its buffers and releases the weights. A second call does nothing.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _commands.Dispose();
        Timer.Dispose();
        _bindings.Dispose();
        _indices.Dispose();
        _arena.Dispose();
        _weights.RemoveUser(this);
        _context.RemoveUser(this);
    }

    /// <summary>Where each tensor lives in the activation arena and the index buffer (the frame pipeline's kernels write and read them).</summary>
    internal ActivationLayout Layout => _layout;

    /// <summary>Set 0 of every kernel: weights, arena, indices and their texel views.</summary>
    internal DescriptorSet DescriptorSet => _bindings.Set;

    /// <summary>
    /// Records the whole chain (set 0 must be bound) for model pass <paramref name="pass"/> (its slots' lists, extents and
    /// row tables in the index buffer, see <see cref="ActivationLayout"/>), with grids for <paramref name="extents"/>;
    /// <paramref name="marks"/> gets the end of each of <see cref="StageNames"/>. Every dispatch declares the extent its
    /// grid follows, so the frame pipeline can replay the chain indirectly.
    /// </summary>
    internal void RecordChain(CommandRecorder rec, PassExtents extents, int pass, IStageMarks marks)
    {
        var c = Config;
        var w = _weights;
        var a = _layout;
        var o = a.ForPass(pass);
        uint l = (uint)c.NumPatches, d = (uint)c.EmbedDim, dd = (uint)c.DecoderEmbedDim, pv = (uint)c.PatchValues;
        uint tiles = extents.Tiles, encRows = extents.EncoderRows, qRows = extents.QueryRows;

        rec.SizedBy(DispatchExtent.EncoderRows);
        rec.DispatchElements(_gather, new GatherPatchesPush
        {
            S = (uint)c.ImageSize,
            P = (uint)c.PatchSize,
            G = (uint)c.GridSize,
            L = l,
            OffImage = a.Image,
            OffMask = a.Mask,
            OffOut = a.Patches,
            OffRowTile = o.EncoderRowTile,
            OffRows = o.EncoderRows,
            OffContext = o.Context,
            Mean0 = c.Mean[0],
            Mean1 = c.Mean[1],
            Mean2 = c.Mean[2],
            Std0 = c.Std[0],
            Std1 = c.Std[1],
            Std2 = c.Std[2],
        }, (long)encRows * pv);
        rec.ComputeBarrier();
        Gemm(rec, encRows, d, pv, a.Patches, _patchEmbed, a.Embedded, 0, GemmBias);
        AddPosition(rec, d, a.Embedded, a.Tokens, w.Offset("pos_embed"), w.Offset("cls_token"), clsFromE: false, o, encRows);
        marks.EndStage(rec, 0);

        for (int i = 0; i < c.Depth; i++)
        {
            var self = new AttentionRows(0, a.Qkv, 3 * d, d, 2 * d);
            Block(rec, _encoderBlocks[i], a.Tokens, encRows, d, (uint)c.NumHeads, (uint)c.MlpHidden, o, tiles, capRows: l + 1, queries: self, keysA: self, AttentionRows.None, DispatchExtent.EncoderRows);
        }

        LayerNorm(rec, encRows, d, a.Tokens, a.Normed, _norm);
        marks.EndStage(rec, 1);

        Gemm(rec, encRows, dd, d, a.Normed, _decoderEmbed, a.DecoderIn, 0, GemmBias | FromHalf);
        uint predRows;
        if (c.Decoder == DecoderKind.Full)
        {
            // The reference decoder: 1 + L rows per tile at b * (1 + L), mask tokens where the encoder saw nothing.
            uint td = l + 1;
            predRows = tiles * td;
            rec.SizedBy(DispatchExtent.Tiles);
            rec.DispatchElements(_scatter, new ScatterMaskTokensPush
            {
                L = l,
                Dd = dd,
                OffEd = a.DecoderIn,
                OffXd = a.DecoderTokens,
                OffMaskToken = w.Offset("mask_token"),
                OffPos = w.Offset("decoder_pos_embed"),
                OffTileInfo = o.TileInfo,
                OffRank = o.Rank,
                OffTiles = o.Tiles,
            }, (long)predRows * dd);
            rec.ComputeBarrier();
            for (int i = 0; i < c.DecoderDepth; i++)
            {
                var self = new AttentionRows(2, a.Qkv, 3 * dd, dd, 2 * dd);
                Block(rec, _decoderBlocks[i], a.DecoderTokens, predRows, dd, (uint)c.DecoderNumHeads, (uint)c.DecoderMlpHidden, o, tiles, capRows: td, queries: self, keysA: self, AttentionRows.None, DispatchExtent.Tiles);
            }

            LayerNorm(rec, predRows, dd, a.DecoderTokens, a.Normed, _decoderNorm);
            marks.EndStage(rec, 2);
            Gemm(rec, predRows, pv, dd, a.Normed, _decoderPred, a.Prediction, 0, GemmBias | FromHalf);
        }
        else
        {
            // Masked queries: key rows = the embedded encoder rows (+ position), fixed; only the queries are refined.
            AddPosition(rec, dd, a.DecoderIn, a.DecoderKeys, w.Offset("decoder_pos_embed"), 0, clsFromE: true, o, encRows);
            rec.SizedBy(DispatchExtent.QueryRows);
            rec.DispatchElements(_queryTokens, new QueryTokensPush
            {
                Dd = dd,
                L = l,
                OffX = a.DecoderTokens,
                OffPos = w.Offset("decoder_pos_embed"),
                OffMaskToken = w.Offset("mask_token"),
                OffRowTile = o.QueryRowTile,
                OffRows = o.QueryRows,
                OffQuery = o.Query,
            }, (long)qRows * dd);
            rec.ComputeBarrier();
            for (int i = 0; i < c.DecoderDepth; i++)
            {
                var block = _decoderBlocks[i];
                // Each block's k and v of the key rows: rows Dd .. 3 Dd of its qkv matrix.
                rec.SizedBy(DispatchExtent.EncoderRows);
                LayerNorm(rec, encRows, dd, a.DecoderKeys, a.Normed, block.Norm1);
                Gemm(rec, encRows, 2 * dd, dd, a.Normed, new LayerOffsets(block.Qkv.Weight + (dd * dd), block.Qkv.Bias + dd), a.KeyValues, 0, GemmBias | FromHalf | ToHalf);
                Block(rec, block, a.DecoderTokens, qRows, dd, (uint)c.DecoderNumHeads, (uint)c.DecoderMlpHidden, o, tiles, capRows: l,
                    queries: new AttentionRows(1, a.Qkv, 3 * dd, dd, 2 * dd),
                    keysA: new AttentionRows(0, a.KeyValues, 2 * dd, 0, dd),
                    keysB: new AttentionRows(1, a.Qkv, 3 * dd, dd, 2 * dd),
                    DispatchExtent.QueryRows);
            }

            predRows = qRows;
            rec.SizedBy(DispatchExtent.QueryRows);
            LayerNorm(rec, qRows, dd, a.DecoderTokens, a.Normed, _decoderNorm);
            marks.EndStage(rec, 2);
            Gemm(rec, qRows, pv, dd, a.Normed, _decoderPred, a.Prediction, 0, GemmBias | FromHalf);
        }

        marks.EndStage(rec, 3);

        rec.SizedBy(DispatchExtent.Tiles);
        rec.DispatchElements(_composite, new UnpatchifyCompositePush
        {
            S = (uint)c.ImageSize,
            P = (uint)c.PatchSize,
            G = (uint)c.GridSize,
            FullDecoder = c.Decoder == DecoderKind.Full ? 1u : 0u,
            OffPred = a.Prediction,
            OffImage = a.Image,
            OffMask = a.Mask,
            OffRecon = a.Recon,
            OffOut = a.Output,
            OffTileInfo = o.TileInfo,
            OffRank = o.Rank,
            OffTiles = o.Tiles,
            Mean0 = c.Mean[0],
            Mean1 = c.Mean[1],
            Mean2 = c.Mean[2],
            Std0 = c.Std[0],
            Std1 = c.Std[1],
            Std2 = c.Std[2],
        }, (long)tiles * c.ImageSize * c.ImageSize);
        if (c.Fill is HoleFill.ResidualPushPull or HoleFill.ResidualPushPullBlend)
        {
            rec.ComputeBarrier();
            rec.Dispatch(_residualFill, new ResidualPushPullPush
            {
                S = (uint)c.ImageSize,
                P = (uint)c.PatchSize,
                G = (uint)c.GridSize,
                OffImage = a.Image,
                OffMask = a.Mask,
                OffRecon = a.Recon,
                OffOut = a.Output,
                OffPyramid = a.Pyramid,
                PyramidStride = a.PyramidStride,
                Blend = c.Fill == HoleFill.ResidualPushPullBlend ? 1u : 0u,
            }, tiles);
        }

        marks.EndStage(rec, 4);
    }

    /// <summary>
    /// One pre-norm transformer block on <paramref name="rows"/> rows of the residual stream at <paramref name="x"/>,
    /// updated in place; its attention reads the queries and up to two key segments as given (kinds as in
    /// Shaders/include/attention_rows.glsl). The row-wise dispatches follow <paramref name="rowExtent"/>.
    /// </summary>
    private void Block(CommandRecorder rec, in BlockOffsets block, uint x, uint rows, uint dim, uint heads, uint hidden, in PassOffsets o, uint tiles, uint capRows, AttentionRows queries, AttentionRows keysA, AttentionRows keysB, DispatchExtent rowExtent)
    {
        var a = _layout;
        rec.SizedBy(rowExtent);
        LayerNorm(rec, rows, dim, x, a.Normed, block.Norm1);
        Gemm(rec, rows, 3 * dim, dim, a.Normed, block.Qkv, a.Qkv, 0, GemmBias | FromHalf | ToHalf);
        rec.SizedBy(DispatchExtent.Tiles);
        _kernels.Attention(rec, new AttentionPush
        {
            H = heads,
            Hd = dim / heads,
            Scale = 1f / MathF.Sqrt(dim / heads),
            FullRows = (uint)Config.NumPatches + 1,
            OffTileInfo = o.TileInfo,
            CapRows = capRows,
            QSel = queries.Kind,
            OffQ = queries.Offset,
            QStride = queries.Stride,
            OffOut = a.Attended,
            OutStride = dim,
            ASel = keysA.Kind,
            OffA = keysA.Offset,
            AStride = keysA.Stride,
            AK = keysA.KeyColumn,
            AV = keysA.ValueColumn,
            BSel = keysB.Kind,
            OffB = keysB.Offset,
            BStride = keysB.Stride,
            BK = keysB.KeyColumn,
            BV = keysB.ValueColumn,
        }, tiles);
        rec.ComputeBarrier();
        rec.SizedBy(rowExtent);
        Gemm(rec, rows, dim, dim, a.Attended, block.Proj, x, x, GemmBias | GemmResidual | FromHalf);
        LayerNorm(rec, rows, dim, x, a.Normed, block.Norm2);
        Gemm(rec, rows, hidden, dim, a.Normed, block.Fc1, a.Hidden, 0, GemmBias | GemmGelu | FromHalf | ToHalf);
        Gemm(rec, rows, dim, hidden, a.Hidden, block.Fc2, x, x, GemmBias | GemmResidual | FromHalf);
    }

    /// <summary>Token rows from embedded rows plus a position table (add_position.comp) over the pass's encoder rows.</summary>
    private void AddPosition(CommandRecorder rec, uint dim, uint from, uint to, uint pos, uint cls, bool clsFromE, in PassOffsets o, uint encRows)
    {
        rec.SizedBy(DispatchExtent.EncoderRows);
        rec.DispatchElements(_addPosition, new AddPositionPush
        {
            D = dim,
            L = (uint)Config.NumPatches,
            OffE = from,
            OffX = to,
            OffPos = pos,
            OffCls = cls,
            OffRowTile = o.EncoderRowTile,
            OffRows = o.EncoderRows,
            OffContext = o.Context,
            ClsFromE = clsFromE ? 1u : 0u,
        }, (long)encRows * dim);
        rec.ComputeBarrier();
    }

    // GEMM flags for a transient tensor as X (FromHalf) or Y (ToHalf): its offset counts halves when it is fp16.
    private uint FromHalf => _kernels.HalfActivations ? KernelSet.GemmXHalf : 0;

    private uint ToHalf => _kernels.HalfActivations ? KernelSet.GemmYHalf : 0;

    private void Gemm(CommandRecorder rec, uint m, uint n, uint k, uint x, in LayerOffsets layer, uint y, uint residual, uint flags)
    {
        _kernels.Gemm(rec, new GemmPush
        {
            M = m,
            N = n,
            K = k,
            OffX = x,
            OffW = layer.Weight,
            OffBias = layer.Bias,
            OffY = y,
            OffR = residual,
            Flags = flags,
        });
        rec.ComputeBarrier();
    }

    private void LayerNorm(CommandRecorder rec, uint rows, uint dim, uint x, uint y, in LayerOffsets layer)
    {
        _kernels.LayerNorm(rec, new LayerNormPush
        {
            M = rows,
            D = dim,
            OffX = x,
            OffY = y,
            OffGamma = layer.Weight,
            OffBeta = layer.Bias,
            Eps = Config.LayerNormEps,
        });
        rec.ComputeBarrier();
    }

    /// <summary>
    /// Plans pass 0 on the CPU exactly as the GPU planner lays it out (frame_scan, frame_rows): rows packed in tile
    /// order, the lists in ascending patch order as <see cref="TileMasking"/> gives them. Returns the pass's extents.
    /// </summary>
    private PassExtents WriteIndices(TileMasking masking)
    {
        var a = _layout;
        var o = a.ForPass(0);
        int l = Config.NumPatches;
        Array.Clear(_indexStaging);
        uint encRows = 0, qRows = 0;
        for (int b = 0; b < masking.Tiles; b++)
        {
            var keep = masking.Keep[b];
            var query = masking.Query[b];
            uint info = o.TileInfo + (uint)(b * ActivationLayout.TileInfoWords);
            _indexStaging[info] = encRows;
            _indexStaging[info + 1] = (uint)(1 + keep.Length);
            _indexStaging[info + 2] = qRows;
            _indexStaging[info + 3] = (uint)query.Length;
            uint lists = (uint)(b * l);
            for (int r = 0; r < keep.Length; r++)
            {
                _indexStaging[o.Context + lists + r] = (uint)keep[r];
                _indexStaging[o.Rank + lists + keep[r]] = (uint)(1 + r);
            }

            for (int j = 0; j < query.Length; j++)
            {
                _indexStaging[o.Query + lists + j] = (uint)query[j];
                _indexStaging[o.Rank + lists + query[j]] = 0x80000000u | (uint)j;
            }

            for (int r = 0; r <= keep.Length; r++)
            {
                _indexStaging[o.EncoderRowTile + encRows++] = (uint)((b * ActivationLayout.RowTileStride) + r);
            }

            for (int j = 0; j < query.Length; j++)
            {
                _indexStaging[o.QueryRowTile + qRows++] = (uint)((b * ActivationLayout.RowTileStride) + j);
            }
        }

        _indexStaging[o.Tiles] = (uint)masking.Tiles;
        _indexStaging[o.EncoderRows] = encRows;
        _indexStaging[o.QueryRows] = qRows;
        _indices.Write<uint>(_indexStaging);
        return new PassExtents((uint)masking.Tiles, encRows, qRows);
    }

    private static ulong ArenaBytesOf(ActivationLayout layout) => (ulong)layout.ArenaElements * sizeof(float);

    private static void RequireLength(string name, int found, int expected)
    {
        if (found != expected)
        {
            throw new ArgumentException($"{name}: expected {expected} values, found {found}.");
        }
    }
}
