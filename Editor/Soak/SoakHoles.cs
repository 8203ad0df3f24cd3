namespace MaeRealtime.Editor.Soak;

/// <summary>
/// The soak run's hole masks: a disc and a box that move every frame and a thin diagonal stroke, with every
/// seventh frame free of holes (the pass must then run no model tile). Deterministic in the frame number.
/// </summary>
public static class SoakHoles
{
    /// <summary>Writes frame <paramref name="frame"/>'s mask (255 = hole, 0 = known) into <paramref name="mask"/>.</summary>
    public static void Fill(Span<byte> mask, int width, int height, long frame)
    {
        mask.Clear();
        if (frame % 7 == 6)
        {
            return;
        }

        double t = frame * 0.37;
        int cx = (int)((0.5 + (0.35 * Math.Sin(t))) * width), cy = (int)((0.5 + (0.35 * Math.Cos(t * 0.7))) * height);
        int r = Math.Max(1, Math.Min(width, height) / 8);
        int bx = (int)(frame * 5 % Math.Max(1, width)), by = (int)(frame * 3 % Math.Max(1, height));
        int bw = Math.Max(1, width / 6), bh = Math.Max(1, height / 5);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                bool disc = ((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) <= r * r;
                bool box = x >= bx && x < bx + bw && y >= by && y < by + bh;
                bool stroke = Math.Abs(x - y - (int)(frame % Math.Max(1, width))) <= 1;
                if (disc || box || stroke)
                {
                    mask[(y * width) + x] = 255;
                }
            }
        }
    }
}
