namespace MaeRealtime.Training.Eval;

/// <summary>Argument checks shared by the <see cref="IInpaintBaseline"/> implementations.</summary>
internal static class FillArguments
{
    /// <summary>Throws when the buffers do not match a <paramref name="width"/> x <paramref name="height"/> RGB image and its hole mask.</summary>
    public static void Check(ReadOnlySpan<float> image, ReadOnlySpan<float> holes, int width, int height, ReadOnlySpan<float> output)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        long pixels = (long)width * height;
        if (image.Length != pixels * 3 || output.Length != pixels * 3 || holes.Length != pixels)
        {
            throw new ArgumentException(
                $"A {width}x{height} fill needs {pixels * 3} image and output values and {pixels} hole values; got {image.Length}, {output.Length} and {holes.Length}.");
        }
    }
}
