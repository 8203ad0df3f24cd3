using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Runtime.Inference;

/// <summary>Element offsets of one layer's weight and bias in the weight buffer, looked up once so recording a pass allocates nothing.</summary>
/// <param name="Weight">Offset of <c>{layer}.weight</c> (halves for fp16 matrices).</param>
/// <param name="Bias">Offset of <c>{layer}.bias</c> (floats).</param>
internal readonly record struct LayerOffsets(uint Weight, uint Bias)
{
    public static LayerOffsets Of(GpuWeights weights, string layer) => new(weights.Offset($"{layer}.weight"), weights.Offset($"{layer}.bias"));
}
