using MaeRealtime.Viewer.Views;

namespace MaeRealtime.Viewer.Tests.Views;

public sealed class HudWriterTests
{
    private static string[] Lines(TextGrid grid)
    {
        var words = new uint[OverlayLayout.TotalWords];
        grid.CopyTo(words);
        return Enumerable.Range(0, grid.Rows)
            .Select(r => new string(Enumerable.Range(0, grid.Columns).Select(c => (char)(words[OverlayLayout.TextOffset + (r * grid.Columns) + c] & 0xFF)).Select(ch => ch == 0 ? ' ' : ch).ToArray()))
            .ToArray();
    }

    [Fact]
    public void Status_ShowsTheFlickerFigure_History_AndTheOccluder()
    {
        var grid = new TextGrid();
        grid.Resize(584, 388);
        HudWriter.Write(grid, new HudWriter.HudState(ViewMode.Composite, 16.7, 12, 3.5, "M.MAEW", null, false, null, false, Flicker: 1.234, FlickerPairs: 7, History: true, Occluder: true));
        Assert.Contains(Lines(grid), l => l.Contains("FLICKER   1.23 LV (7 PAIRS)  HISTORY ON  OCCLUDER", StringComparison.Ordinal));

        HudWriter.Write(grid, new HudWriter.HudState(ViewMode.Composite, 16.7, 12, 3.5, "M.MAEW", null, true, null, false));
        var lines = Lines(grid);
        Assert.Contains(lines, l => l.Contains("FLICKER   --  HISTORY OFF", StringComparison.Ordinal) && !l.Contains("OCCLUDER", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("M              MOVING OCCLUDER ON/OFF", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("T              TEMPORAL HISTORY ON/OFF", StringComparison.Ordinal));
    }
}
