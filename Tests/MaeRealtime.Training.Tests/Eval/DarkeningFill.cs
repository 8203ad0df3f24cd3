using MaeRealtime.Training.Eval;

namespace MaeRealtime.Training.Tests.Eval;

/// <summary>A broken method for the tests: it darkens every pixel, known ones included.</summary>
internal sealed class DarkeningFill : IInpaintBaseline
{
    public string Name => "darken";

    public string DisplayName => "Darken";

    public void Fill(ReadOnlySpan<float> image, ReadOnlySpan<float> holes, int width, int height, Span<float> output)
    {
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = image[i] * 0.99f;
        }
    }
}
