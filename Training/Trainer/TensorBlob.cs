using static TorchSharp.torch;

namespace MaeRealtime.Training.Trainer;

/// <summary>A tensor's bytes in managed memory (little-endian, row-major), as checkpoints store it.</summary>
/// <param name="Name">Key in the checkpoint ("model/blocks.0.attn.qkv.weight", "adamw/exp_avg/...", "rng/mask").</param>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Dimensions.</param>
/// <param name="Data">The raw elements.</param>
public sealed record TensorBlob(string Name, ScalarType DType, long[] Shape, byte[] Data)
{
    /// <summary>The element types checkpoints hold.</summary>
    public static IReadOnlySet<ScalarType> SupportedTypes { get; } = new HashSet<ScalarType> { ScalarType.Float32, ScalarType.Byte, ScalarType.Int64 };

    /// <summary>A copy of <paramref name="tensor"/> (any device) in managed memory.</summary>
    public static TensorBlob From(string name, Tensor tensor)
    {
        if (!SupportedTypes.Contains(tensor.dtype))
        {
            throw new ArgumentException($"Tensor '{name}': checkpoints store {string.Join(", ", SupportedTypes)}, found {tensor.dtype}.");
        }

        // The scope owns the intermediates (detach, cpu, contiguous): none is left to the finalizer (see KeptScalars).
        using var scope = NewDisposeScope();
        var cpu = tensor.detach().cpu().contiguous();
        return new TensorBlob(name, tensor.dtype, tensor.shape.ToArray(), cpu.bytes.ToArray());
    }

    /// <summary>A new CPU tensor holding the data; the caller owns it.</summary>
    public Tensor ToTensor()
    {
        var t = empty(Shape, DType);
        t.bytes = Data;
        return t;
    }

    /// <summary>Bytes per element of <paramref name="type"/>.</summary>
    public static int ElementSize(ScalarType type) => type switch
    {
        ScalarType.Float32 => 4,
        ScalarType.Int64 => 8,
        ScalarType.Byte => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unsupported checkpoint dtype"),
    };
}
