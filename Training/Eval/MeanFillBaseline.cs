namespace MaeRealtime.Training.Eval;

/// <summary>
/// Fills every hole pixel with the mean colour of the known pixels: the floor any real method must beat.
/// An image without known pixels is filled with mid-gray.
/// </summary>
public sealed class MeanFillBaseline : IInpaintBaseline
{
    /// <inheritdoc />
    public string Name => "mean";

    /// <inheritdoc />
    public string DisplayName => "Mean fill";

    /// <inheritdoc />
    public void Fill(ReadOnlySpan<float> image, ReadOnlySpan<float> holes, int width, int height, Span<float> output)
    {
        FillArguments.Check(image, holes, width, height, output);
        double r = 0, g = 0, b = 0;
        long known = 0;
        for (int i = 0; i < holes.Length; i++)
        {
            if (holes[i] < 0.5f)
            {
                r += image[3 * i];
                g += image[(3 * i) + 1];
                b += image[(3 * i) + 2];
                known++;
            }
        }

        float mr = known == 0 ? 0.5f : (float)(r / known);
        float mg = known == 0 ? 0.5f : (float)(g / known);
        float mb = known == 0 ? 0.5f : (float)(b / known);
        for (int i = 0; i < holes.Length; i++)
        {
            bool hole = holes[i] >= 0.5f;
            output[3 * i] = hole ? mr : image[3 * i];
            output[(3 * i) + 1] = hole ? mg : image[(3 * i) + 1];
            output[(3 * i) + 2] = hole ? mb : image[(3 * i) + 2];
        }
    }
}
