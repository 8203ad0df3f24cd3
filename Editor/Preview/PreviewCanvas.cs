using MaeRealtime.Editor.Imaging;

namespace MaeRealtime.Editor.Preview;

/// <summary>An RGB float canvas the preview grid is drawn on: filled rectangles, scaled blits and bitmap text.</summary>
internal sealed class PreviewCanvas(int width, int height)
{
    public int Width { get; } = width;

    public int Height { get; } = height;

    public float[] Pixels { get; } = new float[width * height * 3];

    public void Fill(int x0, int y0, int w, int h, (float R, float G, float B) color)
    {
        for (int y = Math.Max(0, y0); y < Math.Min(Height, y0 + h); y++)
        {
            for (int x = Math.Max(0, x0); x < Math.Min(Width, x0 + w); x++)
            {
                Set(x, y, color);
            }
        }
    }

    /// <summary>Copies an RGB image of <paramref name="w"/> x <paramref name="h"/> with each pixel as a <paramref name="scale"/>-sized block (nearest neighbour keeps patch edges crisp).</summary>
    public void Blit(float[] rgb, int w, int h, int x0, int y0, int scale)
    {
        for (int y = 0; y < h * scale; y++)
        {
            for (int x = 0; x < w * scale; x++)
            {
                int s = (((y / scale) * w) + (x / scale)) * 3;
                Set(x0 + x, y0 + y, (Math.Clamp(rgb[s], 0f, 1f), Math.Clamp(rgb[s + 1], 0f, 1f), Math.Clamp(rgb[s + 2], 0f, 1f)));
            }
        }
    }

    /// <summary>Draws <paramref name="text"/>, cut with "..." when it would run past <paramref name="maxWidth"/> pixels.</summary>
    public void Text(string text, int x, int y, int scale, int maxWidth, (float R, float G, float B) color)
    {
        int maxChars = Math.Max(0, (maxWidth / scale) + 1) / BitmapFont.Advance;
        if (text.Length > maxChars)
        {
            text = maxChars > 3 ? text[..(maxChars - 3)] + "..." : text[..maxChars];
        }

        BitmapFont.Draw(text, x, y, scale, (px, py) =>
        {
            if (px >= 0 && px < Width && py >= 0 && py < Height)
            {
                Set(px, py, color);
            }
        });
    }

    public RgbImage ToImage() => new(Width, Height, Pixels);

    private void Set(int x, int y, (float R, float G, float B) c)
    {
        if (x < 0 || x >= Width || y < 0 || y >= Height)
        {
            return;
        }

        int i = ((y * Width) + x) * 3;
        Pixels[i] = c.R;
        Pixels[i + 1] = c.G;
        Pixels[i + 2] = c.B;
    }
}
