namespace MaeRealtime.Runtime.Model;

/// <summary>One tensor of a weight file: its name, element type, shape and little-endian bytes.</summary>
/// <param name="Name">The reference state-dict key.</param>
/// <param name="DType">Element type of <paramref name="Data"/>.</param>
/// <param name="Shape">Shape as stored.</param>
/// <param name="Data">Raw little-endian bytes; length = elements x element size.</param>
public sealed record WeightTensor(string Name, TensorDType DType, int[] Shape, ReadOnlyMemory<byte> Data)
{
    /// <summary>Builds an fp32 tensor, or an fp16 one when <paramref name="dtype"/> says so (values rounded to nearest).</summary>
    public static WeightTensor FromFloats(string name, int[] shape, ReadOnlySpan<float> values, TensorDType dtype = TensorDType.Float32)
    {
        byte[] bytes;
        if (dtype == TensorDType.Float32)
        {
            bytes = new byte[values.Length * 4];
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).CopyTo(bytes);
        }
        else
        {
            bytes = new byte[values.Length * 2];
            var halves = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(bytes.AsSpan());
            for (int i = 0; i < values.Length; i++)
            {
                halves[i] = (Half)values[i];
            }
        }

        return new WeightTensor(name, dtype, shape, bytes);
    }

    /// <summary>The values widened to fp32.</summary>
    public float[] ToFloats()
    {
        var span = Data.Span;
        if (DType == TensorDType.Float32)
        {
            return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(span).ToArray();
        }

        var halves = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(span);
        var result = new float[halves.Length];
        for (int i = 0; i < halves.Length; i++)
        {
            result[i] = (float)halves[i];
        }

        return result;
    }
}
