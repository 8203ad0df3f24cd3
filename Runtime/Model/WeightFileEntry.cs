namespace MaeRealtime.Runtime.Model;

/// <summary>One row of a weight file's tensor table.</summary>
/// <param name="Name">Reference state-dict key.</param>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Shape as stored.</param>
/// <param name="Offset">Byte offset from the start of the data section (a multiple of <see cref="WeightFileFormat.Alignment"/>).</param>
/// <param name="ByteLength">Bytes of data.</param>
/// <param name="IsMatrix">True for GEMM matrices.</param>
public sealed record WeightFileEntry(string Name, TensorDType DType, int[] Shape, long Offset, long ByteLength, bool IsMatrix)
{
    /// <summary>Offset in elements of <see cref="DType"/>, as the shaders index the weight buffer.</summary>
    public uint ElementOffset => (uint)(Offset / WeightFileFormat.ElementBytes(DType));
}
