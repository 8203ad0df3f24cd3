namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// One object the synthetic sequences remove: a disc or box of a flat colour whose centre bounces around the frame
/// (<see cref="BouncingPoint"/>), staying wholly inside it. Its pixels are the holes; the colour input holds its own
/// colour there, as an engine's colour buffer holds the object being removed.
/// </summary>
internal sealed class MovingOccluder
{
    /// <summary>An occluder of <paramref name="shape"/> with half sizes (<paramref name="halfWidth"/>, <paramref name="halfHeight"/>) in a <paramref name="frameWidth"/> x <paramref name="frameHeight"/> frame.</summary>
    public MovingOccluder(OccluderShape shape, int halfWidth, int halfHeight, int frameWidth, int frameHeight, int x, int y, int vx, int vy, (byte R, byte G, byte B) color)
    {
        Shape = shape;
        HalfWidth = halfWidth;
        HalfHeight = halfHeight;
        Color = color;
        Centre = new BouncingPoint(
            Math.Clamp(x, halfWidth, frameWidth - 1 - halfWidth), Math.Clamp(y, halfHeight, frameHeight - 1 - halfHeight), vx, vy,
            halfWidth, frameWidth - 1 - halfWidth, halfHeight, frameHeight - 1 - halfHeight);
    }

    /// <summary>Disc or box.</summary>
    public OccluderShape Shape { get; }

    /// <summary>Half the width (a disc's radius).</summary>
    public int HalfWidth { get; }

    /// <summary>Half the height (a disc's radius).</summary>
    public int HalfHeight { get; }

    /// <summary>The occluder's own colour, written into the colour input under it.</summary>
    public (byte R, byte G, byte B) Color { get; }

    /// <summary>Where its centre is and how it moves.</summary>
    public BouncingPoint Centre { get; }

    /// <summary>Whether pixel (<paramref name="x"/>, <paramref name="y"/>) lies under the occluder.</summary>
    public bool Covers(int x, int y)
    {
        int dx = x - Centre.X, dy = y - Centre.Y;
        return Shape == OccluderShape.Box
            ? Math.Abs(dx) <= HalfWidth && Math.Abs(dy) <= HalfHeight
            : (dx * dx) + (dy * dy) <= HalfWidth * HalfWidth;
    }

    /// <summary>Marks the occluder's pixels as holes in <paramref name="mask"/> and paints its colour into <paramref name="rgba"/>.</summary>
    public void Paint(byte[] rgba, byte[] mask, int width, int height)
    {
        for (int y = Math.Max(0, Centre.Y - HalfHeight); y <= Math.Min(height - 1, Centre.Y + HalfHeight); y++)
        {
            for (int x = Math.Max(0, Centre.X - HalfWidth); x <= Math.Min(width - 1, Centre.X + HalfWidth); x++)
            {
                if (!Covers(x, y))
                {
                    continue;
                }

                int i = (y * width) + x;
                mask[i] = 255;
                (rgba[i * 4], rgba[(i * 4) + 1], rgba[(i * 4) + 2], rgba[(i * 4) + 3]) = (Color.R, Color.G, Color.B, 255);
            }
        }
    }
}
