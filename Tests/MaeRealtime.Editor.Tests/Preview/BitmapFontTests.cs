using MaeRealtime.Editor.Preview;

namespace MaeRealtime.Editor.Tests.Preview;

/// <summary>The 5x7 label font: glyph shapes land where expected and unknown characters fall back to '?'.</summary>
public sealed class BitmapFontTests
{
    [Fact]
    public void Glyphs_CoverLabelsAndDigits_AtAnyScale()
    {
        foreach (char c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;%-+/()[]=<>_|?!'*")
        {
            Assert.True(BitmapFont.HasGlyph(c), $"no glyph for '{c}'");
        }

        Assert.True(BitmapFont.HasGlyph('a')); // lower case draws as upper case
        Assert.False(BitmapFont.HasGlyph('~'));
        Assert.Equal((3 * 6) - 1, BitmapFont.MeasureWidth("ABC", 1));
        Assert.Equal(((3 * 6) - 1) * 2, BitmapFont.MeasureWidth("ABC", 2));
    }

    [Fact]
    public void Draw_LightsTheGlyphsPixels_Scaled()
    {
        var lit = new HashSet<(int, int)>();
        BitmapFont.Draw("I", 10, 20, 2, (x, y) => lit.Add((x, y)));

        // 'I' is a 3-wide bar top and bottom with a 1-wide stem: 3 + 5 + 3 font pixels, each 2x2.
        Assert.Equal(11 * 4, lit.Count);
        Assert.Contains((12, 20), lit);   // top bar starts in column 1
        Assert.DoesNotContain((10, 20), lit);
        Assert.Contains((14, 26), lit);   // stem in column 2, row 3

        var unknown = new HashSet<(int, int)>();
        var question = new HashSet<(int, int)>();
        BitmapFont.Draw("~", 0, 0, 1, (x, y) => unknown.Add((x, y)));
        BitmapFont.Draw("?", 0, 0, 1, (x, y) => question.Add((x, y)));
        Assert.Equal(question, unknown);
    }
}
