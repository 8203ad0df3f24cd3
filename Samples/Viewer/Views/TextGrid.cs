namespace MaeRealtime.Viewer.Views;

/// <summary>
/// The overlay's text as a grid of character cells covering the window (6x9 font pixels each), rebuilt on the
/// CPU each frame and copied into the overlay buffer. A written line gets a darkened panel behind it, one cell
/// wider on each side, so it reads on any image.
/// </summary>
internal sealed class TextGrid
{
    /// <summary>Cell size in font pixels (5x7 glyph plus spacing).</summary>
    public const int CellWidth = 6;
    public const int CellHeight = 9;
    private const uint PanelBit = 0x1000;

    private readonly uint[] _cells = new uint[OverlayLayout.MaxTextColumns * OverlayLayout.MaxTextRows];

    /// <summary>Window pixels per font pixel.</summary>
    public int Scale { get; private set; } = 1;

    public int Columns { get; private set; }

    public int Rows { get; private set; }

    /// <summary>Fits the grid to a <paramref name="width"/> x <paramref name="height"/> window and clears it.</summary>
    public void Resize(int width, int height)
    {
        // Large windows get doubled glyphs; the default 584x388 sample at 1:1 keeps them small to leave the image visible.
        Scale = height >= 700 ? 2 : 1;
        Columns = Math.Min(OverlayLayout.MaxTextColumns, width / (CellWidth * Scale));
        Rows = Math.Min(OverlayLayout.MaxTextRows, height / (CellHeight * Scale));
        Clear();
    }

    public void Clear() => Array.Clear(_cells);

    /// <summary>Writes <paramref name="text"/> at cell (<paramref name="column"/>, <paramref name="row"/>), clipped to the grid, over a panel.</summary>
    public void Write(int column, int row, ReadOnlySpan<char> text, TextColor color = TextColor.White)
    {
        if (row < 0 || row >= Rows)
        {
            return;
        }

        int rowStart = row * Columns;
        for (int c = Math.Max(0, column - 1); c <= Math.Min(Columns - 1, column + text.Length); c++)
        {
            _cells[rowStart + c] |= PanelBit;
        }

        for (int i = 0; i < text.Length; i++)
        {
            int c = column + i;
            if (c >= 0 && c < Columns)
            {
                _cells[rowStart + c] = PanelBit | ((uint)color << 8) | Font5x7.Drawable(text[i]);
            }
        }
    }

    /// <summary>Copies the cells into the overlay buffer's text region (row-major, <see cref="Columns"/> per row).</summary>
    public void CopyTo(Span<uint> overlayWords) =>
        _cells.AsSpan(0, Columns * Rows).CopyTo(overlayWords.Slice(OverlayLayout.TextOffset));
}
