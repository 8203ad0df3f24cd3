namespace MaeRealtime.Viewer.Views;

/// <summary>
/// The overlay's 5x7 pixel font: digits, upper-case letters and the punctuation the overlay prints (lower case
/// is drawn upper case, anything else as '?'). Each glyph is a 56-bit literal, one byte per row from the top,
/// the five low bits of a byte being its columns with the leftmost in bit 4. Packed once into the overlay
/// buffer, where the display shader draws it.
/// </summary>
internal static class Font5x7
{
    private static readonly (char Char, ulong Rows)[] Glyphs =
    [
        (' ', 0), ('!', 0x04_04_04_04_04_00_04), ('"', 0x0A_0A_00_00_00_00_00), ('#', 0x0A_0A_1F_0A_1F_0A_0A),
        ('%', 0x18_19_02_04_08_13_03), ('\'', 0x04_04_00_00_00_00_00), ('(', 0x02_04_08_08_08_04_02),
        (')', 0x08_04_02_02_02_04_08), ('*', 0x00_04_15_0E_15_04_00), ('+', 0x00_04_04_1F_04_04_00),
        (',', 0x00_00_00_00_0C_04_08), ('-', 0x00_00_00_1F_00_00_00), ('.', 0x00_00_00_00_00_0C_0C),
        ('/', 0x00_01_02_04_08_10_00), ('0', 0x0E_11_13_15_19_11_0E), ('1', 0x04_0C_04_04_04_04_0E),
        ('2', 0x0E_11_01_02_04_08_1F), ('3', 0x1F_02_04_02_01_11_0E), ('4', 0x02_06_0A_12_1F_02_02),
        ('5', 0x1F_10_1E_01_01_11_0E), ('6', 0x06_08_10_1E_11_11_0E), ('7', 0x1F_01_02_04_08_08_08),
        ('8', 0x0E_11_11_0E_11_11_0E), ('9', 0x0E_11_11_0F_01_02_0C), (':', 0x00_0C_0C_00_0C_0C_00),
        (';', 0x00_0C_0C_00_0C_04_08), ('<', 0x02_04_08_10_08_04_02), ('=', 0x00_00_1F_00_1F_00_00),
        ('>', 0x08_04_02_01_02_04_08), ('?', 0x0E_11_01_02_04_00_04), ('@', 0x0E_11_01_0D_15_15_0E),
        ('A', 0x0E_11_11_11_1F_11_11), ('B', 0x1E_11_11_1E_11_11_1E), ('C', 0x0E_11_10_10_10_11_0E),
        ('D', 0x1C_12_11_11_11_12_1C), ('E', 0x1F_10_10_1E_10_10_1F), ('F', 0x1F_10_10_1E_10_10_10),
        ('G', 0x0E_11_10_17_11_11_0F), ('H', 0x11_11_11_1F_11_11_11), ('I', 0x0E_04_04_04_04_04_0E),
        ('J', 0x07_02_02_02_02_12_0C), ('K', 0x11_12_14_18_14_12_11), ('L', 0x10_10_10_10_10_10_1F),
        ('M', 0x11_1B_15_15_11_11_11), ('N', 0x11_11_19_15_13_11_11), ('O', 0x0E_11_11_11_11_11_0E),
        ('P', 0x1E_11_11_1E_10_10_10), ('Q', 0x0E_11_11_11_15_12_0D), ('R', 0x1E_11_11_1E_14_12_11),
        ('S', 0x0F_10_10_0E_01_01_1E), ('T', 0x1F_04_04_04_04_04_04), ('U', 0x11_11_11_11_11_11_0E),
        ('V', 0x11_11_11_11_11_0A_04), ('W', 0x11_11_11_15_15_15_0A), ('X', 0x11_11_0A_04_0A_11_11),
        ('Y', 0x11_11_11_0A_04_04_04), ('Z', 0x1F_01_02_04_08_10_1F), ('[', 0x0E_08_08_08_08_08_0E),
        (']', 0x0E_02_02_02_02_02_0E), ('_', 0x00_00_00_00_00_00_1F), ('|', 0x04_04_04_04_04_04_04),
    ];

    private static readonly bool[] Known = BuildKnown();

    /// <summary>The character a glyph is drawn for: itself when the font has it, its upper case, else '?'.</summary>
    public static char Drawable(char c)
    {
        char upper = char.ToUpperInvariant(c);
        return upper < Known.Length && Known[upper] ? upper : '?';
    }

    /// <summary>
    /// Writes the shader's table into <paramref name="words"/> (<see cref="OverlayLayout.FontWords"/> words): for each
    /// ASCII code 32..127, rows 0-3 in the first word and rows 4-6 in the second, five bits per row.
    /// </summary>
    public static void Pack(Span<uint> words)
    {
        words[..OverlayLayout.FontWords].Clear();
        foreach (var (ch, rows) in Glyphs)
        {
            int index = (ch - 32) * 2;
            for (int r = 0; r < 7; r++)
            {
                uint row = (uint)(rows >> (8 * (6 - r))) & 0x1F;
                words[index + (r < 4 ? 0 : 1)] |= row << (5 * (r < 4 ? r : r - 4));
            }
        }
    }

    private static bool[] BuildKnown()
    {
        var known = new bool[128];
        foreach (var (ch, _) in Glyphs)
        {
            known[ch] = true;
        }

        return known;
    }
}
