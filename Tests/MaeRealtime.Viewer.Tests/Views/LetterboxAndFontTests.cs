using MaeRealtime.Viewer.Views;

namespace MaeRealtime.Viewer.Tests.Views;

public sealed class LetterboxAndFontTests
{
    [Fact]
    public void Letterbox_FitsCentred_AndMapsCursorBack()
    {
        var box = Letterbox.Fit(100, 50, 400, 400);
        Assert.Equal(4f, box.Scale);
        Assert.Equal((0f, 100f), (box.OriginX, box.OriginY));
        Assert.Equal((25.0, 10.0), box.ToFrame(100, 140));
    }

    [Fact]
    public void Font_PacksRowsForTheShader()
    {
        var words = new uint[OverlayLayout.FontWords];
        Font5x7.Pack(words);
        // '1' = rows 04 0C 04 04 | 04 04 0E
        int i = ('1' - 32) * 2;
        Assert.Equal(0x04u | (0x0Cu << 5) | (0x04u << 10) | (0x04u << 15), words[i]);
        Assert.Equal(0x04u | (0x04u << 5) | (0x0Eu << 10), words[i + 1]);
        Assert.Equal(0u, words[0] | words[1]); // space is blank
    }

    [Theory]
    [InlineData('a', 'A')]
    [InlineData('%', '%')]
    [InlineData('~', '?')]
    [InlineData('é', '?')]
    public void Font_DrawsLowerCaseAsUpper_AndUnknownAsQuestionMark(char c, char drawn) => Assert.Equal(drawn, Font5x7.Drawable(c));

    [Fact]
    public void TextGrid_WritesCellsWithAPanel_ClippedToTheGrid()
    {
        var grid = new TextGrid();
        grid.Resize(60, 27); // 10 x 3 cells at scale 1
        grid.Write(8, 1, "ABC", TextColor.Yellow);
        var words = new uint[OverlayLayout.TotalWords];
        grid.CopyTo(words);
        var cells = words.AsSpan(OverlayLayout.TextOffset, 30);
        Assert.Equal(0x1000u | (1u << 8) | 'A', cells[18]);
        Assert.Equal(0x1000u | (1u << 8) | 'B', cells[19]);
        Assert.Equal(0x1000u, cells[17]); // panel margin
        Assert.Equal(0u, cells[16]);
        Assert.Equal(0u, cells[20]); // row 2 starts: 'C' was clipped
    }
}
