using MaeRealtime.Runtime.Inference.Kernels;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Inference;

/// <summary>
/// The MAE forward pass over a batch of tiles as one chain of compute dispatches:
/// gather visible patches, patch embed, position add, encoder blocks on visible tokens only, norm,
/// decoder embed, mask-token scatter by ids_restore, decoder blocks on all tokens, decoder norm,
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
    private readonly ComputeKernel _gather, _addPosition, _scatter, _composite, _residualFill;
    private readonly KernelSet _kernels;
    private readonly uint[] _indexStaging;
    private readonly BlockOffsets[] _encoderBlocks, _decoderBlocks;
    private readonly LayerOffsets _patchEmbed, _norm, _decoderEmbed, _decoderNorm, _decoderPred;
    private bool _disposed;

    /// <summary>
    /// Prepares a forward pass for up to <paramref name="maxTiles"/> tiles of <paramref name="weights"/>' model,
    /// with the GEMM/attention/LayerNorm kernels of <paramref name="family"/>; null chooses by device type
    /// (or the <c>MAE_KERNELS</c> environment variable, see <see cref="KernelFamily"/>).
    /// </summary>
    public MaeForward(GpuContext context, GpuWeights weights, int maxTiles, KernelFamily? family = null)
        : this(context, weights, maxTiles, family, maxTiles)
    {
    }

    /// <summary>
    /// As the public constructor, with an index buffer for <paramref name="indexTiles"/> tiles (at least
    /// <paramref name="maxTiles"/>): the frame pipeline plans every tile of a frame at once and runs them
    /// <paramref name="maxTiles"/> at a time, each pass reading its tiles' indices at a base offset.
    /// </summary>
    internal MaeForward(GpuContext context, GpuWeights weights, int maxTiles, KernelFamily? family, int indexTiles)
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
        _layout = new ActivationLayout(Config, maxTiles, indexTiles);
        ulong arenaBytes = (ulong)_layout.ArenaElements * sizeof(float);
        ulong maxRange = context.Properties.Limits.MaxStorageBufferRange;
        if (arenaBytes > maxRange)
        {
            throw new ArgumentException($"{maxTiles} tiles need a {arenaBytes >> 20} MiB activation buffer; device '{context.DeviceName}' binds at most {maxRange >> 20} MiB. Use fewer tiles per batch.");
        }

        ObjectDisposedException.ThrowIf(context.IsDisposed, context);
        ObjectDisposedException.ThrowIf(weights.IsDisposed, weights);
        _indexStaging = new uint[_layout.IndexElements];
        try
        {
            _arena = new GpuBuffer(context, arenaBytes, "activations", KernelBindings.TexelUsage);
            _indices = new GpuBuffer(context, (ulong)_layout.IndexElements * sizeof(uint), "tile-indices");
            _bindings = new KernelBindings(context, weights.Buffer, _arena, _indices);
            family ??= KernelSet.Choose(context, _bindings.TexelViewsCoverBuffers);
            if (family == KernelFamily.Cpu && !_bindings.TexelViewsCoverBuffers)
            {
                throw new VulkanException($"The CPU kernel family reads through texel views, and device '{context.DeviceName}' allows only {context.Properties.Limits.MaxTexelBufferElements} texels per view; use the tiled family or fewer tiles per batch.");
            }

            _kernels = new KernelSet(context, family.Value, weights.MatricesAreHalf);
            _commands = new ReusableCommandBuffer(context);
            Timer = new GpuTimer(context, StageNames);
            var k = context.Kernels;
            _gather = k["gather_patches"];
            _addPosition = k["add_position"];
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
    /// allocates besides the weights: the activation arena (sized for every patch visible, the worst case) and the
    /// index buffer. Tools use it to size batches and report memory without creating a device.
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
        WriteIndices(masking);

        _commands.Run((this, tiles, masking.KeepCapacity), static (rec, state) =>
        {
            rec.BindSet(state.Item1._bindings.Set);
            state.Item1.Timer.Begin(rec.CommandBuffer);
            state.Item1.RecordChain(rec, state.tiles, state.KeepCapacity, 0, state.Item1.Timer);
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
    /// Records the whole chain (set 0 must be bound) for <paramref name="tiles"/> tiles with <paramref name="keep"/>
    /// visible-token capacity, whose counts, ids_keep and ids_restore start at tile <paramref name="indexTileBase"/>
    /// of the index buffer; <paramref name="marks"/> gets the end of each of <see cref="StageNames"/>.
    /// </summary>
    internal void RecordChain(CommandRecorder rec, int tiles, int keep, int indexTileBase, IStageMarks marks)
    {
        var c = Config;
        var w = _weights;
        var a = _layout;
        uint b = (uint)tiles, lk = (uint)keep, t = lk + 1, td = (uint)c.NumPatches + 1;
        uint encRows = b * t, decRows = b * td;
        uint baseTile = (uint)indexTileBase;
        uint offCount = a.Count + baseTile, offIdsKeep = a.IdsKeep + (baseTile * lk), offIdsRestore = a.IdsRestore + (baseTile * (uint)c.NumPatches);
        rec.DispatchElements(_gather, new GatherPatchesPush
        {
            B = b,
            Lk = lk,
            S = (uint)c.ImageSize,
            P = (uint)c.PatchSize,
            G = (uint)c.GridSize,
            OffImage = a.Image,
            OffMask = a.Mask,
            OffOut = a.Patches,
            OffIdsKeep = offIdsKeep,
            OffCount = offCount,
            Mean0 = c.Mean[0],
            Mean1 = c.Mean[1],
            Mean2 = c.Mean[2],
            Std0 = c.Std[0],
            Std1 = c.Std[1],
            Std2 = c.Std[2],
        }, (long)b * lk * c.PatchValues);
        rec.ComputeBarrier();
        Gemm(rec, b * lk, (uint)c.EmbedDim, (uint)c.PatchValues, a.Patches, _patchEmbed, a.Embedded, 0, GemmBias);
        rec.DispatchElements(_addPosition, new AddPositionPush
        {
            B = b,
            Lk = lk,
            D = (uint)c.EmbedDim,
            OffE = a.Embedded,
            OffX = a.Tokens,
            OffPos = w.Offset("pos_embed"),
            OffCls = w.Offset("cls_token"),
            OffIdsKeep = offIdsKeep,
            OffCount = offCount,
        }, (long)encRows * c.EmbedDim);
        rec.ComputeBarrier();
        marks.EndStage(rec, 0);

        for (int i = 0; i < c.Depth; i++)
        {
            Block(rec, _encoderBlocks[i], a.Tokens, encRows, t, (uint)c.EmbedDim, (uint)c.NumHeads, (uint)c.MlpHidden, useCount: true, offCount);
        }

        LayerNorm(rec, encRows, (uint)c.EmbedDim, a.Tokens, a.Normed, _norm);
        marks.EndStage(rec, 1);

        Gemm(rec, encRows, (uint)c.DecoderEmbedDim, (uint)c.EmbedDim, a.Normed, _decoderEmbed, a.DecoderIn, 0, GemmBias);
        rec.DispatchElements(_scatter, new ScatterMaskTokensPush
        {
            B = b,
            T = t,
            L = (uint)c.NumPatches,
            Dd = (uint)c.DecoderEmbedDim,
            OffEd = a.DecoderIn,
            OffXd = a.DecoderTokens,
            OffMaskToken = w.Offset("mask_token"),
            OffPos = w.Offset("decoder_pos_embed"),
            OffIdsRestore = offIdsRestore,
            OffCount = offCount,
        }, (long)decRows * c.DecoderEmbedDim);
        rec.ComputeBarrier();
        for (int i = 0; i < c.DecoderDepth; i++)
        {
            Block(rec, _decoderBlocks[i], a.DecoderTokens, decRows, td, (uint)c.DecoderEmbedDim, (uint)c.DecoderNumHeads, (uint)c.DecoderMlpHidden, useCount: false, offCount);
        }

        LayerNorm(rec, decRows, (uint)c.DecoderEmbedDim, a.DecoderTokens, a.Normed, _decoderNorm);
        marks.EndStage(rec, 2);

        Gemm(rec, decRows, (uint)c.PatchValues, (uint)c.DecoderEmbedDim, a.Normed, _decoderPred, a.Prediction, 0, GemmBias);
        marks.EndStage(rec, 3);

        rec.DispatchElements(_composite, new UnpatchifyCompositePush
        {
            B = b,
            S = (uint)c.ImageSize,
            P = (uint)c.PatchSize,
            G = (uint)c.GridSize,
            OffPred = a.Prediction,
            OffImage = a.Image,
            OffMask = a.Mask,
            OffRecon = a.Recon,
            OffOut = a.Output,
            Mean0 = c.Mean[0],
            Mean1 = c.Mean[1],
            Mean2 = c.Mean[2],
            Std0 = c.Std[0],
            Std1 = c.Std[1],
            Std2 = c.Std[2],
        }, (long)b * c.ImageSize * c.ImageSize);
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
            }, b);
        }

        marks.EndStage(rec, 4);
    }

    /// <summary>One pre-norm transformer block, updating the residual stream at <paramref name="x"/> in place.</summary>
    private void Block(CommandRecorder rec, in BlockOffsets block, uint x, uint rows, uint tokensPerTile, uint dim, uint heads, uint hidden, bool useCount, uint offCount)
    {
        var a = _layout;
        LayerNorm(rec, rows, dim, x, a.Normed, block.Norm1);
        Gemm(rec, rows, 3 * dim, dim, a.Normed, block.Qkv, a.Qkv, 0, GemmBias);
        _kernels.Attention(rec, new AttentionPush
        {
            T = tokensPerTile,
            D = dim,
            H = heads,
            OffQkv = a.Qkv,
            OffOut = a.Attended,
            OffCount = offCount,
            UseCount = useCount ? 1u : 0u,
            Scale = 1f / MathF.Sqrt(dim / heads),
        }, rows / tokensPerTile);
        rec.ComputeBarrier();
        Gemm(rec, rows, dim, dim, a.Attended, block.Proj, x, x, GemmBias | GemmResidual);
        LayerNorm(rec, rows, dim, x, a.Normed, block.Norm2);
        Gemm(rec, rows, hidden, dim, a.Normed, block.Fc1, a.Hidden, 0, GemmBias | GemmGelu);
        Gemm(rec, rows, dim, hidden, a.Hidden, block.Fc2, x, x, GemmBias | GemmResidual);
    }

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

    private void WriteIndices(TileMasking masking)
    {
        var a = _layout;
        int keep = masking.KeepCapacity, patches = Config.NumPatches;
        Array.Clear(_indexStaging);
        for (int b = 0; b < masking.Tiles; b++)
        {
            _indexStaging[a.Count + b] = (uint)masking.Keep[b].Length;
            for (int r = 0; r < masking.Keep[b].Length; r++)
            {
                _indexStaging[a.IdsKeep + (b * keep) + r] = (uint)masking.Keep[b][r];
            }

            for (int i = 0; i < patches; i++)
            {
                _indexStaging[a.IdsRestore + (b * patches) + i] = (uint)masking.Restore[b][i];
            }
        }

        _indices.Write<uint>(_indexStaging);
    }

    private static void RequireLength(string name, int found, int expected)
    {
        if (found != expected)
        {
            throw new ArgumentException($"{name}: expected {expected} values, found {found}.");
        }
    }
}
