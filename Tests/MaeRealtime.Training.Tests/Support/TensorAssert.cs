using static TorchSharp.torch;

namespace MaeRealtime.Training.Tests.Support;

/// <summary>Tensor comparisons that read as booleans in assertions.</summary>
internal static class TensorAssert
{
    /// <summary>Same shape and bit-equal values.</summary>
    public static bool Same(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape))
        {
            return false;
        }

        using var eq = a.eq(b);
        using var all = eq.all();
        return all.item<bool>();
    }
}
