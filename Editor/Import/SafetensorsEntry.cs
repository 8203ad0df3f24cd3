namespace MaeRealtime.Editor.Import;

/// <summary>One tensor of a safetensors header.</summary>
/// <param name="Name">The tensor's key.</param>
/// <param name="DType">The dtype as written in the header (<c>F32</c>, <c>F16</c>, <c>BF16</c>, ...).</param>
/// <param name="Shape">The shape.</param>
/// <param name="Begin">Start of the data, in bytes from the start of the data section.</param>
/// <param name="End">End of the data (exclusive), in bytes from the start of the data section.</param>
public sealed record SafetensorsEntry(string Name, string DType, long[] Shape, long Begin, long End)
{
    /// <summary>Bytes per element of <see cref="DType"/>, or 0 for a dtype this reader does not decode.</summary>
    public int ElementBytes => DType switch
    {
        "F32" => 4,
        "F16" or "BF16" => 2,
        _ => 0,
    };

    /// <summary>Number of elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);
}
