namespace MaeRealtime.Editor.Preview;

/// <summary>
/// A 5x7 pixel font for labelling preview images: ImageSharp.Drawing (and with it font rendering) is not a
/// dependency, and a fixed bitmap font needs no font files or rasterizer. Upper-case letters, digits and common
/// punctuation; lower case is drawn as upper case and anything else as '?'. Each glyph is seven rows of five bits,
/// the most significant of the five being the leftmost column.
/// </summary>
public static class BitmapFont
{
    /// <summary>Glyph width in font pixels.</summary>
    public const int GlyphWidth = 5;

    /// <summary>Glyph height in font pixels.</summary>
    public const int GlyphHeight = 7;

    /// <summary>Horizontal advance per character (glyph plus one column of spacing).</summary>
    public const int Advance = GlyphWidth + 1;

    private static readonly Dictionary<char, byte[]> Glyphs = Build(
        " 00 00 00 00 00 00 00", "!04 04 04 04 04 00 04", "%18 19 02 04 08 13 03", "'04 04 08 00 00 00 00",
        "(02 04 08 08 08 04 02", ")08 04 02 02 02 04 08", "*00 04 15 0E 15 04 00", "+00 04 04 1F 04 04 00",
        ",00 00 00 00 0C 04 08", "-00 00 00 1F 00 00 00", ".00 00 00 00 00 0C 0C", "/00 01 02 04 08 10 00",
        "00E 11 13 15 19 11 0E", "104 0C 04 04 04 04 0E", "20E 11 01 02 04 08 1F", "31F 02 04 02 01 11 0E",
        "402 06 0A 12 1F 02 02", "51F 10 1E 01 01 11 0E", "606 08 10 1E 11 11 0E", "71F 01 02 04 08 08 08",
        "80E 11 11 0E 11 11 0E", "90E 11 11 0F 01 02 0C", ":00 0C 0C 00 0C 0C 00", ";00 0C 0C 00 0C 04 08",
        "<02 04 08 10 08 04 02", "=00 00 1F 00 1F 00 00", ">08 04 02 01 02 04 08", "?0E 11 01 02 04 00 04",
        "[0E 08 08 08 08 08 0E", "]0E 02 02 02 02 02 0E", "_00 00 00 00 00 00 1F", "|04 04 04 04 04 04 04",
        "A0E 11 11 11 1F 11 11", "B1E 11 11 1E 11 11 1E", "C0E 11 10 10 10 11 0E", "D1C 12 11 11 11 12 1C",
        "E1F 10 10 1E 10 10 1F", "F1F 10 10 1E 10 10 10", "G0E 11 10 17 11 11 0F", "H11 11 11 1F 11 11 11",
        "I0E 04 04 04 04 04 0E", "J07 02 02 02 02 12 0C", "K11 12 14 18 14 12 11", "L10 10 10 10 10 10 1F",
        "M11 1B 15 15 11 11 11", "N11 11 19 15 13 11 11", "O0E 11 11 11 11 11 0E", "P1E 11 11 1E 10 10 10",
        "Q0E 11 11 11 15 12 0D", "R1E 11 11 1E 14 12 11", "S0F 10 10 0E 01 01 1E", "T1F 04 04 04 04 04 04",
        "U11 11 11 11 11 11 0E", "V11 11 11 11 11 0A 04", "W11 11 11 15 15 15 0A", "X11 11 0A 04 0A 11 11",
        "Y11 11 11 0A 04 04 04", "Z1F 01 02 04 08 10 1F");

    /// <summary>Width in pixels of <paramref name="text"/> at <paramref name="scale"/> (no trailing spacing).</summary>
    public static int MeasureWidth(string text, int scale) => text.Length == 0 ? 0 : ((text.Length * Advance) - 1) * scale;

    /// <summary>Whether <paramref name="c"/> has a glyph of its own (after upper-casing).</summary>
    public static bool HasGlyph(char c) => Glyphs.ContainsKey(char.ToUpperInvariant(c));

    /// <summary>
    /// Calls <paramref name="plot"/> for every lit pixel of <paramref name="text"/> drawn with its top-left corner at
    /// (<paramref name="x"/>, <paramref name="y"/>), each font pixel as a <paramref name="scale"/> x <paramref name="scale"/> block.
    /// </summary>
    public static void Draw(string text, int x, int y, int scale, Action<int, int> plot)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        for (int i = 0; i < text.Length; i++)
        {
            byte[] rows = Glyphs.TryGetValue(char.ToUpperInvariant(text[i]), out var g) ? g : Glyphs['?'];
            int gx = x + (i * Advance * scale);
            for (int row = 0; row < GlyphHeight; row++)
            {
                for (int col = 0; col < GlyphWidth; col++)
                {
                    if ((rows[row] & (1 << (GlyphWidth - 1 - col))) == 0)
                    {
                        continue;
                    }

                    for (int dy = 0; dy < scale; dy++)
                    {
                        for (int dx = 0; dx < scale; dx++)
                        {
                            plot(gx + (col * scale) + dx, y + (row * scale) + dy);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Parses "Cxx xx xx xx xx xx xx" lines: the character, then seven hex rows.</summary>
    private static Dictionary<char, byte[]> Build(params string[] lines)
    {
        var glyphs = new Dictionary<char, byte[]>();
        foreach (string line in lines)
        {
            byte[] rows = line[1..].Split(' ').Select(h => Convert.ToByte(h, 16)).ToArray();
            if (rows.Length != GlyphHeight || rows.Any(r => r >= 1 << GlyphWidth))
            {
                throw new InvalidOperationException($"Glyph '{line[0]}' must have {GlyphHeight} rows of {GlyphWidth} bits.");
            }

            glyphs.Add(line[0], rows);
        }

        return glyphs;
    }
}
