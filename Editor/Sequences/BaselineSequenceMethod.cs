using MaeRealtime.Training.Eval;

namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// A classic baseline (<see cref="InpaintBaselines"/>: OpenCV Telea, Navier-Stokes, ...) as a sequence method: each
/// frame filled on its own, as the image eval does, through 8-bit RGBA like the model's frames.
/// </summary>
internal sealed class BaselineSequenceMethod : ISequenceMethod
{
    private readonly IInpaintBaseline _baseline;

    /// <summary>Wraps <paramref name="baseline"/>.</summary>
    public BaselineSequenceMethod(IInpaintBaseline baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        _baseline = baseline;
    }

    /// <inheritdoc />
    public string Name => _baseline.Name;

    /// <inheritdoc />
    public string DisplayName => _baseline.DisplayName;

    /// <inheritdoc />
    public double LastGpuMilliseconds => 0;

    /// <inheritdoc />
    public bool Applies(ISequenceSource source) => true;

    /// <inheritdoc />
    public void Fill(SequenceFrame frame, int width, int height, byte[] output)
    {
        int pixels = width * height;
        var image = new float[pixels * 3];
        var holes = new float[pixels];
        for (int i = 0; i < pixels; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                image[(i * 3) + c] = frame.Color[(i * 4) + c] / 255f;
            }

            holes[i] = frame.Mask[i] >= 128 ? 1f : 0f;
        }

        var filled = new float[pixels * 3];
        _baseline.Fill(image, holes, width, height, filled);
        for (int i = 0; i < pixels; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                output[(i * 4) + c] = HoleMetrics.Quantize(filled[(i * 3) + c]);
            }

            output[(i * 4) + 3] = 255;
        }
    }
}
