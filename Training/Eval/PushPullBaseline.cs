namespace MaeRealtime.Training.Eval;

/// <summary>
/// Push-pull pyramid fill, the scheme of FSR3's inpainting pass. Pull: each coarser level averages the
/// 2x2 pixels below it weighted by their validity (1 = known, 0 = hole at the finest level), and its own
/// validity is the mean of theirs; levels are built until one has no empty pixel (or is 1x1). Push: from
/// the coarsest level down, every pixel is blended with the bilinearly upsampled coarser level by its
/// validity, so holes take the coarse estimate and partly covered pixels mix the two; at the finest
/// level a known pixel is copied exactly and a hole pixel takes the upsampled value.
/// </summary>
public sealed class PushPullBaseline : IInpaintBaseline
{
    /// <inheritdoc />
    public string Name => "pushpull";

    /// <inheritdoc />
    public string DisplayName => "Push-pull";

    /// <inheritdoc />
    public void Fill(ReadOnlySpan<float> image, ReadOnlySpan<float> holes, int width, int height, Span<float> output)
    {
        FillArguments.Check(image, holes, width, height, output);
        var levels = new List<PushPullLevel> { PushPullLevel.FromImage(image, holes, width, height) };
        while (levels[^1].HasEmpty && levels[^1].Width * levels[^1].Height > 1)
        {
            levels.Add(levels[^1].Pull());
        }

        if (levels[^1].HasEmpty)
        {
            // Nothing is known anywhere: no colour to spread, so use mid-gray as mean fill does.
            levels[^1].SetAll(0.5);
        }

        for (int k = levels.Count - 2; k >= 1; k--)
        {
            levels[k].PushFrom(levels[k + 1]);
        }

        // The finest level: hole pixels take the upsampled coarse colour, known pixels stay bit-exact.
        PushPullLevel coarse = levels.Count > 1 ? levels[1] : levels[0];
        Span<double> up = stackalloc double[3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = (y * width) + x;
                if (holes[i] < 0.5f)
                {
                    output[3 * i] = image[3 * i];
                    output[(3 * i) + 1] = image[(3 * i) + 1];
                    output[(3 * i) + 2] = image[(3 * i) + 2];
                    continue;
                }

                coarse.SampleForFiner(x, y, up);
                output[3 * i] = (float)up[0];
                output[(3 * i) + 1] = (float)up[1];
                output[(3 * i) + 2] = (float)up[2];
            }
        }
    }
}
