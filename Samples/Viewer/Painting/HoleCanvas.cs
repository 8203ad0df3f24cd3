namespace MaeRealtime.Viewer.Painting;

/// <summary>
/// The CPU side of the frame: the original RGBA8 image, the hole mask (255 = hole) and the colour frame the
/// runtime reads (the original with hole pixels set to <see cref="HoleColor"/>). The holes are the painted ones
/// plus, while one is set, the footprint of a moving disc (<see cref="SetDisc"/>: an occluder whose pixels are
/// holes). Painting and moving the disc mark the changed rows dirty; only those rows are uploaded, once per frame.
/// </summary>
internal sealed class HoleCanvas
{
    /// <summary>What hole pixels of the colour frame hold (magenta): stale content the fill must not show.</summary>
    public static readonly byte[] HoleColor = [255, 0, 255, 255];

    private readonly byte[] _original;
    private readonly byte[] _color;
    private readonly byte[] _mask;
    private readonly byte[] _painted;
    private (double X, double Y, double Radius)? _disc;
    private int _dirtyStart;
    private int _dirtyEnd;

    /// <summary>Wraps <paramref name="originalRgba"/> (<paramref name="width"/> x <paramref name="height"/> RGBA8 rows; not copied, not modified).</summary>
    public HoleCanvas(int width, int height, byte[] originalRgba)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(originalRgba.Length, width * height * 4);
        Width = width;
        Height = height;
        _original = originalRgba;
        _color = (byte[])originalRgba.Clone();
        _mask = new byte[width * height];
        _painted = new byte[width * height];
        _dirtyStart = 0;
        _dirtyEnd = height;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The original image, RGBA8 rows.</summary>
    public ReadOnlySpan<byte> Original => _original;

    /// <summary>The colour frame the runtime reads, RGBA8 rows.</summary>
    public ReadOnlySpan<byte> Color => _color;

    /// <summary>The hole mask, one byte per pixel (255 hole, 0 known).</summary>
    public ReadOnlySpan<byte> Mask => _mask;

    /// <summary>Hole pixels right now.</summary>
    public int HoleCount { get; private set; }

    /// <summary>Whether rows changed since the last <see cref="TakeDirtyRows"/>.</summary>
    public bool IsDirty => _dirtyEnd > _dirtyStart;

    /// <summary>
    /// Marks (<paramref name="hole"/> true) or clears every pixel within <paramref name="radius"/> of the segment
    /// from (<paramref name="x0"/>, <paramref name="y0"/>) to (<paramref name="x1"/>, <paramref name="y1"/>): a round
    /// brush dragged along it. Coordinates are frame pixels; pixel centres are at +0.5.
    /// </summary>
    public void Stroke(double x0, double y0, double x1, double y1, double radius, bool hole)
    {
        if (radius <= 0)
        {
            return;
        }

        int top = Math.Max(0, (int)Math.Floor(Math.Min(y0, y1) - radius));
        int bottom = Math.Min(Height - 1, (int)Math.Ceiling(Math.Max(y0, y1) + radius));
        int left = Math.Max(0, (int)Math.Floor(Math.Min(x0, x1) - radius));
        int right = Math.Min(Width - 1, (int)Math.Ceiling(Math.Max(x0, x1) + radius));
        if (top > bottom || left > right)
        {
            return;
        }

        double dx = x1 - x0, dy = y1 - y0;
        double lengthSq = (dx * dx) + (dy * dy);
        double r2 = radius * radius;
        int firstChanged = int.MaxValue, lastChanged = -1;
        for (int y = top; y <= bottom; y++)
        {
            double py = y + 0.5;
            for (int x = left; x <= right; x++)
            {
                double px = x + 0.5;
                double t = lengthSq > 0 ? Math.Clamp((((px - x0) * dx) + ((py - y0) * dy)) / lengthSq, 0, 1) : 0;
                double ex = px - (x0 + (t * dx)), ey = py - (y0 + (t * dy));
                if ((ex * ex) + (ey * ey) <= r2 && Paint(x, y, hole))
                {
                    firstChanged = Math.Min(firstChanged, y);
                    lastChanged = y;
                }
            }
        }

        if (lastChanged >= 0)
        {
            MarkDirty(firstChanged, lastChanged + 1);
        }
    }

    /// <summary>The moving disc, when one is set (frame pixels).</summary>
    public (double X, double Y, double Radius)? Disc => _disc;

    /// <summary>
    /// Moves the disc whose footprint is holes too (null: none). Pixel centres within the radius are holes; the
    /// painted holes under it stay painted when it moves on.
    /// </summary>
    public void SetDisc((double X, double Y, double Radius)? disc)
    {
        var old = _disc;
        _disc = disc is { Radius: > 0 } ? disc : null;
        if (old == _disc)
        {
            return;
        }

        Refresh(old);
        Refresh(_disc);
    }

    /// <summary>Removes every painted hole (the disc's stay).</summary>
    public void Clear()
    {
        if (HoleCount == 0)
        {
            return;
        }

        Array.Clear(_painted);
        Array.Clear(_mask);
        _original.CopyTo(_color, 0);
        HoleCount = 0;
        MarkDirty(0, Height);
        Refresh(_disc);
    }

    /// <summary>Returns the dirty row range [start, end) and forgets it; false when nothing changed.</summary>
    public bool TakeDirtyRows(out int start, out int end)
    {
        start = _dirtyStart;
        end = _dirtyEnd;
        _dirtyStart = Height;
        _dirtyEnd = 0;
        return end > start;
    }

    private bool Paint(int x, int y, bool hole)
    {
        _painted[(y * Width) + x] = hole ? (byte)255 : (byte)0;
        return Update(x, y);
    }

    /// <summary>Recomputes the pixels under <paramref name="disc"/>'s bounding box (painted or inside the current disc).</summary>
    private void Refresh((double X, double Y, double Radius)? disc)
    {
        if (disc is not { } d)
        {
            return;
        }

        int top = Math.Max(0, (int)Math.Floor(d.Y - d.Radius)), bottom = Math.Min(Height - 1, (int)Math.Ceiling(d.Y + d.Radius));
        int left = Math.Max(0, (int)Math.Floor(d.X - d.Radius)), right = Math.Min(Width - 1, (int)Math.Ceiling(d.X + d.Radius));
        int first = int.MaxValue, last = -1;
        for (int y = top; y <= bottom; y++)
        {
            for (int x = left; x <= right; x++)
            {
                if (Update(x, y))
                {
                    first = Math.Min(first, y);
                    last = y;
                }
            }
        }

        if (last >= 0)
        {
            MarkDirty(first, last + 1);
        }
    }

    private bool InDisc(int x, int y)
    {
        if (_disc is not { } d)
        {
            return false;
        }

        double dx = x + 0.5 - d.X, dy = y + 0.5 - d.Y;
        return (dx * dx) + (dy * dy) <= d.Radius * d.Radius;
    }

    /// <summary>Sets pixel (x, y) from the painted mask and the disc; true when it changed.</summary>
    private bool Update(int x, int y)
    {
        int i = (y * Width) + x;
        bool hole = _painted[i] != 0 || InDisc(x, y);
        byte value = hole ? (byte)255 : (byte)0;
        if (_mask[i] == value)
        {
            return false;
        }

        _mask[i] = value;
        HoleCount += hole ? 1 : -1;
        var source = hole ? HoleColor.AsSpan() : _original.AsSpan(i * 4, 4);
        source.CopyTo(_color.AsSpan(i * 4, 4));
        return true;
    }

    private void MarkDirty(int start, int end)
    {
        _dirtyStart = Math.Min(_dirtyStart, start);
        _dirtyEnd = Math.Max(_dirtyEnd, end);
    }
}
