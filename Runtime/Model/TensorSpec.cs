namespace MaeRealtime.Runtime.Model;

/// <summary>The name and shape a weight file must hold for one tensor, and whether it is a GEMM weight.</summary>
/// <param name="Name">The facebookresearch/mae state-dict key.</param>
/// <param name="Shape">The shape as stored in the weight file.</param>
/// <param name="IsMatrix">True for linear-layer weights the GEMM shader reads; these may be stored as fp16.</param>
public sealed record TensorSpec(string Name, int[] Shape, bool IsMatrix)
{
    /// <summary>Number of elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);

    /// <summary>The shape written as <c>[a, b, c]</c>.</summary>
    public string ShapeText => FormatShape(Shape);

    /// <summary>Formats a shape as <c>[a, b, c]</c>.</summary>
    public static string FormatShape(IEnumerable<int> shape) => "[" + string.Join(", ", shape) + "]";
}
