using MaeRealtime.Runtime.Inference.Kernels;
using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Inference;

/// <summary>
/// The GEMM, attention and LayerNorm kernels of one <see cref="KernelFamily"/> and their dispatch grids, so
/// the forward records one chain whatever the family. The CPU kernels read through the texel views of
/// <see cref="KernelBindings"/> and need 4-aligned shapes (Shaders/KERNELS.md); a dispatch they cannot take
/// (an odd width, a head size past 64) runs the tiled kernel instead, so every model works with either
/// family. The grids here must match the kernels' workgroup sizes and block shapes.
/// </summary>
internal sealed class KernelSet
{
    /// <summary>Environment variable forcing a family: <c>tiled</c> or <c>cpu</c> (unset or empty: by device type).</summary>
    public const string EnvironmentVariable = "MAE_KERNELS";

    // gemm.comp: 64x64 output tile per workgroup.
    private const uint GemmTile = 64;

    // gemm_rb.comp: RM x RN block per invocation.
    private const uint GemmRbRows = 8, GemmRbCols = 16;

    // Workgroup size (GROUP) of every CPU-family kernel.
    private const uint RowGroup = 64;

    // attention_rows.comp: QROWS query rows per invocation; compiled for head sizes up to 16, 32 and 64.
    private const uint AttentionQueryRows = 4;
    private static readonly uint[] AttentionHeadClasses = [16, 32, 64];
    private static readonly string[] AttentionRowsKernels = ["attention_rows_hd16", "attention_rows_hd32", "attention_rows_hd64"];

    // attention_flash.comp: QBLOCK query rows per workgroup, head sizes up to MAX_HD (else attention.comp).
    private const uint FlashQueryBlock = 64, FlashMaxHeadDim = 64;

    private const uint GemmResidual = 4, GemmBias = 1;

    /// <summary>GEMM flag of the <c>_act16</c> builds: X is an fp16 tensor (offset in halves).</summary>
    public const uint GemmXHalf = 8;

    /// <summary>GEMM flag of the <c>_act16</c> builds: Y is an fp16 tensor (offset in halves); no residual then.</summary>
    public const uint GemmYHalf = 16;

    private readonly KernelLibrary _library;
    private readonly string _gemm, _tiledGemm, _layerNorm, _attention, _attentionFlash;

    /// <summary>
    /// Kernels of <paramref name="family"/> from <paramref name="context"/>'s library; compiled on first dispatch.
    /// <paramref name="halfActivations"/>: the tiled kernels' <c>_act16</c> builds, which keep the transient tensors
    /// in fp16 (only the tiled family has them: see <see cref="ActivationPrecisionChoice"/>).
    /// </summary>
    public KernelSet(GpuContext context, KernelFamily family, bool halfMatrices, bool halfActivations = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (halfActivations && family != KernelFamily.Tiled)
        {
            throw new ArgumentException("fp16 activations exist only in the tiled kernel family.", nameof(halfActivations));
        }

        _library = context.Kernels;
        Family = family;
        HalfActivations = halfActivations;
        string act = halfActivations ? "_act16" : "";
        _tiledGemm = (halfMatrices ? "gemm_f16" : "gemm") + act;
        _gemm = family == KernelFamily.Cpu ? (halfMatrices ? "gemm_rb_f16" : "gemm_rb") : _tiledGemm;
        _layerNorm = "layernorm" + act;
        _attention = "attention" + act;
        _attentionFlash = "attention_flash" + act;
    }

    /// <summary>Whether the transient tensors are fp16 (the GEMMs then take <see cref="GemmXHalf"/> / <see cref="GemmYHalf"/>).</summary>
    public bool HalfActivations { get; }

    /// <summary>The family these kernels belong to.</summary>
    public KernelFamily Family { get; }

    /// <summary>
    /// The family for <paramref name="context"/>: the <c>MAE_KERNELS</c> override when set, else
    /// <see cref="KernelFamily.Cpu"/> on CPU devices whose texel views cover the buffers
    /// (<paramref name="texelViewsCoverBuffers"/>), else <see cref="KernelFamily.Tiled"/>.
    /// </summary>
    public static KernelFamily Choose(GpuContext context, bool texelViewsCoverBuffers)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ParseOverride(Environment.GetEnvironmentVariable(EnvironmentVariable))
            ?? (context.Properties.DeviceType == PhysicalDeviceType.Cpu && texelViewsCoverBuffers ? KernelFamily.Cpu : KernelFamily.Tiled);
    }

    /// <summary>Parses a <c>MAE_KERNELS</c> value (<see cref="EnvironmentChoice"/>): null for unset or empty; a typo is an error.</summary>
    public static KernelFamily? ParseOverride(string? value) =>
        EnvironmentChoice.Parse(EnvironmentVariable, value, "to choose by device type", ("tiled", KernelFamily.Tiled), ("cpu", KernelFamily.Cpu));

    /// <summary>Whether gemm_rb can run <paramref name="push"/>: K and N multiples of 4, every offset it reads or writes a multiple of 4.</summary>
    public static bool GemmRbFits(in GemmPush push)
    {
        uint used = push.K | push.N | push.OffX | push.OffW | push.OffY;
        used |= (push.Flags & GemmBias) != 0 ? push.OffBias : 0;
        used |= (push.Flags & GemmResidual) != 0 ? push.OffR : 0;
        return used % 4 == 0;
    }

    /// <summary>
    /// Whether attention_rows can run <paramref name="push"/>: head_dim a multiple of 4 and at most 64 (q and the
    /// output accumulator live in vec4 registers) and vec4-aligned offsets.
    /// </summary>
    public static bool AttentionRowsFits(in AttentionPush push)
    {
        uint used = push.Hd | push.OffQ | push.QStride | push.OffOut | push.OutStride
            | push.OffA | push.AStride | push.AK | push.AV | push.OffB | push.BStride | push.BK | push.BV;
        return push.Hd <= AttentionHeadClasses[^1] && used % 4 == 0;
    }

    /// <summary>Whether layernorm_rows can run <paramref name="push"/>: D and every offset multiples of 4.</summary>
    public static bool LayerNormRowsFits(in LayerNormPush push) => (push.D | push.OffX | push.OffY | push.OffGamma | push.OffBeta) % 4 == 0;

    /// <summary>Y = [R +] act(X W^T [+ bias]) as <paramref name="push"/> describes.</summary>
    public void Gemm(CommandRecorder rec, in GemmPush push)
    {
        if (Family == KernelFamily.Cpu && GemmRbFits(push))
        {
            long blocks = (long)((push.M + GemmRbRows - 1) / GemmRbRows) * ((push.N + GemmRbCols - 1) / GemmRbCols);
            rec.DispatchInvocations(_library[_gemm], push, blocks, RowGroup);
        }
        else
        {
            rec.Dispatch(_library[_tiledGemm], push, (push.N + GemmTile - 1) / GemmTile, (push.M + GemmTile - 1) / GemmTile);
        }
    }

    /// <summary>Multi-head attention over <paramref name="tiles"/> tiles of up to <c>push.CapRows</c> query rows each.</summary>
    public void Attention(CommandRecorder rec, in AttentionPush push, uint tiles)
    {
        if (Family == KernelFamily.Cpu && AttentionRowsFits(push))
        {
            // The smallest head-size class that holds head_dim: llvmpipe computes the masked tail anyway.
            uint hd = push.Hd;
            int headClass = 0;
            while (AttentionHeadClasses[headClass] < hd)
            {
                headClass++;
            }

            uint queryBlocks = (push.CapRows + AttentionQueryRows - 1) / AttentionQueryRows;
            rec.Dispatch(_library[AttentionRowsKernels[headClass]], push, (push.H * queryBlocks + RowGroup - 1) / RowGroup, 1, tiles);
        }
        else if (push.Hd <= FlashMaxHeadDim)
        {
            // Flash-style: K and V streamed through shared memory once per block of 64 query rows.
            rec.Dispatch(_library[_attentionFlash], push, (push.CapRows + FlashQueryBlock - 1) / FlashQueryBlock, push.H, tiles);
        }
        else
        {
            rec.Dispatch(_library[_attention], push, push.CapRows, push.H, tiles);
        }
    }

    /// <summary>LayerNorm of <c>push.M</c> rows.</summary>
    public void LayerNorm(CommandRecorder rec, in LayerNormPush push)
    {
        if (Family == KernelFamily.Cpu && LayerNormRowsFits(push))
        {
            rec.DispatchInvocations(_library["layernorm_rows"], push, push.M, RowGroup);
        }
        else
        {
            rec.DispatchRows(_library[_layerNorm], push, push.M);
        }
    }
}
