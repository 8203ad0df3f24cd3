using MaeRealtime.Editor.Imaging;

namespace MaeRealtime.Editor.Preview;

/// <summary>
/// The <c>mae preview</c> picture: five labelled panels side by side (input, mask overlay, reconstruction, composite,
/// error heat map) over a footer of text lines. Panels are the image scaled up by a whole factor until at least
/// <see cref="MinPanelWidth"/> pixels wide, so a 32 px tile is still legible and its patches stay crisp.
/// <code>
/// width  = Margin + 5 (panelWidth + Margin)
/// height = Margin + labelHeight + panelHeight + Margin + footerLines x lineHeight + Margin
/// labelHeight = lineHeight = 10 x fontScale;  fontScale = max(1, panelWidth / 256)
/// </code>
/// </summary>
public static class PreviewGrid
{
    /// <summary>Space around and between panels, in pixels.</summary>
    public const int Margin = 8;

    /// <summary>Panels are scaled up until at least this wide (the longest label fits at font scale 1).</summary>
    public const int MinPanelWidth = 96;

    /// <summary>Largest error (mean absolute over RGB, pixel units) on the heat map's scale; larger errors are white.</summary>
    public const float HeatMapMax = 0.25f;

    /// <summary>The panel labels, left to right.</summary>
    public static IReadOnlyList<string> Labels { get; } = ["INPUT", "MASK", "RECONSTRUCTION", "COMPOSITE", "ERROR"];

    private static readonly (float, float, float) Background = (0.12f, 0.12f, 0.12f);
    private static readonly (float, float, float) Ink = (0.95f, 0.95f, 0.95f);

    /// <summary>The whole factor panels are scaled up by for an image <paramref name="imageWidth"/> wide.</summary>
    public static int PanelScale(int imageWidth) => Math.Max(1, (MinPanelWidth + imageWidth - 1) / imageWidth);

    /// <summary>Size of the grid for an image of <paramref name="imageWidth"/> x <paramref name="imageHeight"/> with <paramref name="footerLines"/> lines of footer.</summary>
    public static (int Width, int Height) Size(int imageWidth, int imageHeight, int footerLines)
    {
        int scale = PanelScale(imageWidth), pw = imageWidth * scale, ph = imageHeight * scale, line = LineHeight(pw);
        return (Margin + (Labels.Count * (pw + Margin)), Margin + line + ph + Margin + (footerLines * line) + Margin);
    }

    /// <summary>
    /// Draws the grid. <paramref name="holes"/> marks hole pixels, <paramref name="maskedPatch"/> the pixels of masked
    /// patches (holes included); <paramref name="reconstruction"/> and <paramref name="composite"/> are RGB like
    /// <paramref name="input"/>. <paramref name="footer"/> lines are printed under the panels.
    /// </summary>
    public static RgbImage Render(RgbImage input, bool[] holes, bool[] maskedPatch, float[] reconstruction, float[] composite, IReadOnlyList<string> footer)
    {
        ArgumentNullException.ThrowIfNull(input);
        int w = input.Width, h = input.Height, n = w * h;
        if (holes.Length != n || maskedPatch.Length != n || reconstruction.Length != n * 3 || composite.Length != n * 3)
        {
            throw new ArgumentException($"Preview inputs must all be {w}x{h}.");
        }

        var (width, height) = Size(w, h, footer.Count);
        int scale = PanelScale(w), pw = w * scale, line = LineHeight(pw), font = FontScale(pw);
        var canvas = new PreviewCanvas(width, height);
        canvas.Fill(0, 0, width, height, Background);
        float[][] panels = [input.Pixels, Overlay(input.Pixels, holes, maskedPatch), reconstruction, composite, HeatMap(input.Pixels, composite, holes)];
        for (int i = 0; i < panels.Length; i++)
        {
            int x = Margin + (i * (pw + Margin));
            canvas.Text(Labels[i], x, Margin + font, font, pw, Ink);
            canvas.Blit(panels[i], w, h, x, Margin + line, scale);
        }

        int y = Margin + line + (h * scale) + Margin;
        foreach (string text in footer)
        {
            canvas.Text(text, Margin, y + font, font, width - (2 * Margin), Ink);
            y += line;
        }

        return canvas.ToImage();
    }

    private static int FontScale(int panelWidth) => Math.Max(1, panelWidth / 256);

    private static int LineHeight(int panelWidth) => 10 * FontScale(panelWidth);

    /// <summary>Holes tinted red; the rest of each masked patch (predicted by the decoder, then kept as it was) tinted yellow.</summary>
    private static float[] Overlay(float[] rgb, bool[] holes, bool[] maskedPatch)
    {
        var result = (float[])rgb.Clone();
        for (int i = 0; i < holes.Length; i++)
        {
            var (tint, amount) = holes[i] ? ((1f, 0.1f, 0.1f), 0.65f) : maskedPatch[i] ? ((1f, 0.85f, 0.1f), 0.3f) : ((0f, 0f, 0f), 0f);
            result[3 * i] += amount * (tint.Item1 - result[3 * i]);
            result[(3 * i) + 1] += amount * (tint.Item2 - result[(3 * i) + 1]);
            result[(3 * i) + 2] += amount * (tint.Item3 - result[(3 * i) + 2]);
        }

        return result;
    }

    /// <summary>Mean absolute error over RGB in hole pixels on a black-red-yellow-white scale up to <see cref="HeatMapMax"/>; known pixels as dim gray context.</summary>
    private static float[] HeatMap(float[] input, float[] composite, bool[] holes)
    {
        var result = new float[input.Length];
        for (int i = 0; i < holes.Length; i++)
        {
            int o = 3 * i;
            if (!holes[i])
            {
                float gray = 0.3f * ((0.299f * input[o]) + (0.587f * input[o + 1]) + (0.114f * input[o + 2]));
                result[o] = result[o + 1] = result[o + 2] = gray;
                continue;
            }

            float e = 0;
            for (int c = 0; c < 3; c++)
            {
                e += Math.Abs(Math.Clamp(composite[o + c], 0f, 1f) - input[o + c]) / 3f;
            }

            float t = Math.Clamp(e / HeatMapMax, 0f, 1f);
            result[o] = Math.Clamp(3 * t, 0f, 1f);
            result[o + 1] = Math.Clamp((3 * t) - 1, 0f, 1f);
            result[o + 2] = Math.Clamp((3 * t) - 2, 0f, 1f);
        }

        return result;
    }
}
