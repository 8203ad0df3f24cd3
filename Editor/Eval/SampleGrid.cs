using MaeRealtime.Editor.Imaging;
using MaeRealtime.Training.Eval;

namespace MaeRealtime.Editor.Eval;

/// <summary>
/// Side-by-side samples: one row per sample, columns = the input with its holes painted magenta, each
/// method's fill in method order, and the original crop. Cells are separated by white gutters.
/// </summary>
internal static class SampleGrid
{
    /// <summary>Gutter between cells, in pixels.</summary>
    public const int Gutter = 4;

    /// <summary>Colour that marks holes in the input column: magenta, rare in photos.</summary>
    private static readonly float[] s_holeColor = [1f, 0f, 1f];

    /// <summary>Composes the grid of <paramref name="samples"/> (all crops the same size, fills in the same method order).</summary>
    public static RgbImage Compose(IReadOnlyList<EvalSample> samples)
    {
        if (samples.Count == 0)
        {
            throw new ArgumentException("A sample grid needs at least one sample.", nameof(samples));
        }

        int size = samples[0].Image.Size;
        int columns = samples[0].Fills.Count + 2;
        int width = (columns * size) + ((columns + 1) * Gutter);
        int height = (samples.Count * size) + ((samples.Count + 1) * Gutter);
        var pixels = new float[width * height * 3];
        Array.Fill(pixels, 1f);
        for (int r = 0; r < samples.Count; r++)
        {
            var sample = samples[r];
            if (sample.Image.Size != size || sample.Fills.Count != columns - 2)
            {
                throw new ArgumentException("Every sample of a grid needs the same crop size and methods.", nameof(samples));
            }

            int y0 = Gutter + (r * (size + Gutter));
            Blit(pixels, width, Overlay(sample), size, Gutter, y0);
            for (int c = 0; c < sample.Fills.Count; c++)
            {
                Blit(pixels, width, sample.Fills[c].Output, size, Gutter + ((c + 1) * (size + Gutter)), y0);
            }

            Blit(pixels, width, sample.Image.Pixels, size, Gutter + ((columns - 1) * (size + Gutter)), y0);
        }

        return new RgbImage(width, height, pixels);
    }

    /// <summary>The column names of a grid of samples with these <paramref name="methods"/>, left to right.</summary>
    public static IReadOnlyList<string> ColumnNames(IEnumerable<string> methods) => ["input (holes magenta)", .. methods, "original"];

    private static float[] Overlay(EvalSample sample)
    {
        var result = (float[])sample.Image.Pixels.Clone();
        for (int i = 0; i < sample.Holes.Length; i++)
        {
            if (sample.Holes[i] >= 0.5f)
            {
                s_holeColor.CopyTo(result, 3 * i);
            }
        }

        return result;
    }

    private static void Blit(float[] dst, int dstWidth, float[] src, int size, int x0, int y0)
    {
        for (int y = 0; y < size; y++)
        {
            Array.Copy(src, y * size * 3, dst, (((y0 + y) * dstWidth) + x0) * 3, size * 3);
        }
    }
}
