namespace MaeRealtime.Training.Eval;

/// <summary>
/// One way of filling holes that the eval scores: the classic baselines, and (through
/// <see cref="MaeFrameFill"/>) the model on Vulkan, so every method goes through the same loop and metrics.
/// Images are RGB interleaved, row-major, values in [0, 1] (<c>width * height * 3</c> floats); holes are
/// <c>width * height</c> floats, a value &gt;= 0.5 marks a hole (the runtime's rule).
/// </summary>
public interface IInpaintBaseline
{
    /// <summary>Short name used on the command line and in results ("telea", "ns", "pushpull", "mean", "mae").</summary>
    string Name { get; }

    /// <summary>Human-readable name for tables and charts.</summary>
    string DisplayName { get; }

    /// <summary>
    /// Writes the filled image to <paramref name="output"/>. Known pixels are copied from
    /// <paramref name="image"/> exactly; only hole pixels get new values.
    /// </summary>
    void Fill(ReadOnlySpan<float> image, ReadOnlySpan<float> holes, int width, int height, Span<float> output);
}
