using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Runtime.Inference;

/// <summary>The layers of one pre-norm transformer block (timm Block), resolved once at construction.</summary>
internal readonly record struct BlockOffsets(LayerOffsets Norm1, LayerOffsets Qkv, LayerOffsets Proj, LayerOffsets Norm2, LayerOffsets Fc1, LayerOffsets Fc2)
{
    public static BlockOffsets Of(GpuWeights weights, string prefix) => new(
        LayerOffsets.Of(weights, $"{prefix}.norm1"),
        LayerOffsets.Of(weights, $"{prefix}.attn.qkv"),
        LayerOffsets.Of(weights, $"{prefix}.attn.proj"),
        LayerOffsets.Of(weights, $"{prefix}.norm2"),
        LayerOffsets.Of(weights, $"{prefix}.mlp.fc1"),
        LayerOffsets.Of(weights, $"{prefix}.mlp.fc2"));
}
