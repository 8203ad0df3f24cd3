using MaeRealtime.Training.Eval;
using Spectre.Console;

namespace MaeRealtime.Editor.Eval;

/// <summary>The eval result as text tables: one row per mask family (then per hole-ratio bin), one column per method, cells "PSNR dB / SSIM".</summary>
internal static class EvalTable
{
    /// <summary>Writes the tables and a summary of the run to <paramref name="output"/>, without colour or other escape codes (the output may be a file).</summary>
    public static void Write(TextWriter output, EvalResults results, EvalRunInfo info)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        // A fixed width keeps the layout independent of the terminal (and of redirection).
        console.Profile.Width = 200;

        string placement = info.RandomCrops ? "seeded" : "center";
        output.WriteLine(
            $"Hole-only PSNR (dB) / SSIM on {results.Samples} samples: {results.Images} images x {results.Families.Count} mask families x {info.PerImage}, " +
            $"{placement} {info.Crop}x{info.Crop} crops, seed {info.Seed}.");
        output.WriteLine($"Model {info.Model} ({info.TileSize}x{info.TileSize} tiles overlapping by {info.Overlap} px, grid of {info.TilesPerCrop} per crop, context radius {info.ContextRadius}) on {info.Device} ({info.Kernels}).");
        if (results.SkippedEmptyMasks > 0 || info.SkippedImages > 0)
        {
            output.WriteLine($"Skipped: {info.SkippedImages} image(s), {results.SkippedEmptyMasks} mask(s) without holes.");
        }

        console.Write(Table("mask family", results.Families.Append("all").ToList(), results.ByFamily.Concat(results.Overall).ToList(), results.Methods));
        var bins = HoleRatioBins.Labels.Where(b => results.ByBin.Any(r => r.Group == b)).ToList();
        console.Write(Table("hole ratio", bins, results.ByBin, results.Methods));

        var times = results.Overall.Select(r => $"{r.Method} {r.Milliseconds:F1}");
        output.WriteLine($"ms per fill (wall): {string.Join(", ", times)}; model GPU time {info.GpuMsPerCrop:F2} ms per crop.");
    }

    private static Table Table(string groupTitle, IReadOnlyList<string> groups, IReadOnlyList<EvalRow> rows, IReadOnlyList<IInpaintBaseline> methods)
    {
        var table = new Table().Border(TableBorder.Ascii);
        table.AddColumn(new TableColumn(groupTitle));
        foreach (var method in methods)
        {
            table.AddColumn(new TableColumn(Markup.Escape(method.DisplayName)).RightAligned());
        }

        table.AddColumn(new TableColumn("n").RightAligned());
        foreach (string group in groups)
        {
            var cells = new List<string> { Markup.Escape(group) };
            int n = 0;
            foreach (var method in methods)
            {
                var row = rows.FirstOrDefault(r => r.Method == method.Name && r.Group == group);
                cells.Add(row is null ? "-" : $"{row.Psnr:F2} / {row.Ssim:F3}");
                n = Math.Max(n, row?.Images ?? 0);
            }

            cells.Add(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            table.AddRow(cells.ToArray());
        }

        return table;
    }
}
