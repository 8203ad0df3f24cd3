using System.Globalization;
using Spectre.Console;

namespace MaeRealtime.Editor.Sequences;

/// <summary>The sequence eval as a text table: one row per (sequence kind, method).</summary>
internal static class SequenceEvalTable
{
    /// <summary>Writes the table and a summary of the run, without colour or other escape codes (the output may be a file).</summary>
    public static void Write(TextWriter output, IReadOnlyList<SequenceEvalRow> rows, SequenceEvalInfo info, IReadOnlyDictionary<string, (long Active, long Unchanged)>? reuse = null)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;

        var kinds = info.Sequences.GroupBy(s => s.Kind).Select(g => $"{g.Key} x {g.Count()}");
        string synthetic = info.Sequences.Any(s => s.Kind != "folder") ? $"; synthetic ones {info.Size}x{info.Size}, {info.Frames} frames, two occluders, seed {info.Seed}" : string.Empty;
        output.WriteLine($"Sequences: {string.Join(", ", kinds)}{synthetic}.");
        output.WriteLine($"Model {info.Model} ({info.TileSize} px tiles, overlap {info.Overlap} px, context radius {info.ContextRadius}, history {info.HistoryFrames} frames) on {info.Device}.");
        output.WriteLine("Hole PSNR over all hole pixels of all frames; flicker = mean change of the fill between frames inside holes, minus the truth's (8-bit levels; 0 is ideal).");
        var table = new Table().Border(TableBorder.Ascii);
        foreach (var (title, right) in new[] { ("sequence", false), ("method", false), ("hole PSNR (dB)", true), ("flicker", true), ("fill change", true), ("truth change", true), ("ms/frame", true), ("frames", true) })
        {
            var column = new TableColumn(title);
            table.AddColumn(right ? column.RightAligned() : column);
        }

        foreach (var row in rows)
        {
            var s = row.Score;
            table.AddRow(
                Markup.Escape(row.Kind),
                Markup.Escape(row.DisplayName),
                Format(s.Psnr, "F2"),
                Format(s.Flicker, "F3"),
                Format(s.FillChange, "F3"),
                Format(s.TruthChange, "F3"),
                Format(s.WallMilliseconds / Math.Max(1, s.Frames), "F1"),
                s.Frames.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(table);
        foreach (var (kind, (active, unchanged)) in reuse ?? new Dictionary<string, (long, long)>())
        {
            output.WriteLine($"Tile reuse, {kind}: {unchanged} of {active} active tiles ({(active == 0 ? 0 : 100.0 * unchanged / active):F1} %) had the same inputs as the frame before (a reuse scheme could skip them; the runtime recomputes them).");
        }
    }

    private static string Format(double value, string format) =>
        double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);
}
