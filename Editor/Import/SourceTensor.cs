namespace MaeRealtime.Editor.Import;

/// <summary>
/// One tensor of a source checkpoint: its state-dict key, shape and a way to read its values as fp32. Values are
/// read once, when the weight file is assembled, so a failed validation never pays for decoding.
/// </summary>
/// <param name="Name">The state-dict key.</param>
/// <param name="Shape">The shape in the source.</param>
/// <param name="DType">The source's element type, as the source names it (for messages).</param>
/// <param name="ReadFloats">Returns the values widened to fp32, row-major; throws <see cref="ImportException"/> for an unsupported dtype.</param>
internal sealed record SourceTensor(string Name, long[] Shape, string DType, Func<float[]> ReadFloats)
{
    /// <summary>Number of elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);

    /// <summary>The shape written as <c>[a, b, c]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
