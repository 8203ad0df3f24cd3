using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using MaeRealtime.Editor.Frames;
using MaeRealtime.Editor.Imaging;
using MaeRealtime.Editor.Models;
using MaeRealtime.Editor.Preview;
using MaeRealtime.Runtime;
using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;
using MaeRealtime.Training.Eval;
using Spectre.Console;

namespace MaeRealtime.Editor.Cli;

/// <summary>
/// <c>mae demo</c>, the README's main job: the bundled default model fills holes of several shapes in the bundled
/// sample photos (held out from training) at their full size, through the frame pass an engine records (overlapping
/// tiles, only tiles with holes run the model, fills blended, known pixels exact), next to OpenCV Telea. Writes one
/// side-by-side PNG per photo and hole shape and a report under <c>out/demo</c>, and prints the hole-only PSNR
/// against the original and the GPU time of each stage of the pass.
/// </summary>
public sealed class DemoCommand : ICliCommand
{
    /// <summary>The hole shapes the demo makes, in order.</summary>
    public static IReadOnlyList<string> Families { get; } = ["strokes", "boxes", "blobs"];

    /// <summary>Fraction of each photo's pixels made holes, per shape.</summary>
    public const double HoleFraction = 0.10;

    private const int Seed = 7;

    /// <summary>Where the build puts the bundled sample photos.</summary>
    public static string SamplesDirectory => Path.Combine(AppContext.BaseDirectory, "samples");

    /// <summary>The side-by-side file of a photo and hole shape.</summary>
    public static string GridFileName(string photo, string family) => $"{Path.GetFileNameWithoutExtension(photo)}-{family}.png";

    /// <inheritdoc />
    public Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Weight file; default: the bundled default model." };
        var output = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => Path.Combine("out", "demo") };
        var device = new Option<string?>("--device") { Description = "Vulkan device name substring or index." };
        var command = new Command("demo", "Fill holes of several shapes in the bundled photos (full size, frame pass) with the bundled model; side-by-side PNGs, per-stage GPU times and hole PSNR, under out/demo.")
        {
            model, output, device,
        };
        command.SetAction(r => Run(r.InvocationConfiguration.Output, ModelLocator.Resolve(r.GetValue(model)), r.GetRequiredValue(output), r.GetValue(device)));
        return command;
    }

    private static int Run(TextWriter stdout, string modelPath, string outDir, string? device)
    {
        long start = Stopwatch.GetTimestamp();
        var photos = Directory.Exists(SamplesDirectory)
            ? Directory.EnumerateFiles(SamplesDirectory).Where(f => InpaintCommand.ImageExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList()
            : [];
        if (photos.Count == 0)
        {
            throw new CliException($"The bundled sample photos are missing at '{SamplesDirectory}' (rebuild the editor).");
        }

        var weightsFile = WeightFile.Load(modelPath);
        var images = photos.Select(RgbImage.Load).ToList();
        int maxWidth = images.Max(i => i.Width), maxHeight = images.Max(i => i.Height);
        stdout.WriteLine(
            $"mae demo: model {modelPath}; {photos.Count} sample photos at full size (up to {maxWidth}x{maxHeight}); holes: {string.Join(", ", Families)} " +
            $"({HoleFraction:P0} of the pixels each); writing {Path.GetFullPath(outDir)}");

        using var context = GpuContext.Create(new GpuContextOptions { Device = device });
        foreach (var (photo, image) in photos.Zip(images))
        {
            FrameSetup.CheckDeviceLimit(context, image.Width, image.Height, $"Sample photo '{photo}'");
        }

        using var weights = new GpuWeights(context, weightsFile);
        using var inpainter = FrameSetup.CreateImageInpainter(context, weights, new FrameInpainterOptions { MaxWidth = maxWidth, MaxHeight = maxHeight });
        var telea = InpaintBaselines.Create("telea");
        var rows = new List<Row>();
        var stageTotals = new double[FrameInpainter.StageNames.Count];
        for (int p = 0; p < photos.Count; p++)
        {
            var image = images[p];
            var rgba = FrameRgba.FromImage(image);
            var output = new byte[rgba.Length];
            for (int f = 0; f < Families.Count; f++)
            {
                var mask = FrameHoles.Generate(image.Width, image.Height, HoleFraction, Seed + (100 * p) + f, [Shape(Families[f])]);
                inpainter.Inpaint(rgba, mask, image.Width, image.Height, output);
                var stats = inpainter.Frames.LatestStats ?? throw new InvalidOperationException("The frame pass reported no statistics after a completed frame.");
                for (int k = 0; k < stageTotals.Length; k++)
                {
                    stageTotals[k] += stats.StageMilliseconds[k];
                }

                var filled = FrameRgba.ToImage(output, image.Width, image.Height);
                var holes = FrameRgba.MaskFloats(mask);
                var teleaFilled = new float[image.Pixels.Length];
                telea.Fill(image.Pixels, holes, image.Width, image.Height, teleaFilled);
                var row = new Row(
                    Path.GetFileName(photos[p]), Families[f], image.Width, image.Height, HoleMetrics.HoleCount(holes) / (double)holes.Length,
                    stats.ActiveTiles, stats.Grid.Count, stats.GpuMilliseconds,
                    HoleMetrics.Psnr(image.Pixels, filled.Pixels, holes, image.Width, image.Height),
                    HoleMetrics.Psnr(image.Pixels, teleaFilled, holes, image.Width, image.Height));
                rows.Add(row);
                Directory.CreateDirectory(outDir);
                SideBySide(image, holes, filled.Pixels, teleaFilled, row).SaveAsPng(Path.Combine(outDir, GridFileName(photos[p], Families[f])));
            }
        }

        if (context.ValidationErrorCount > 0)
        {
            throw new CliException($"The Vulkan validation layer reported {context.ValidationErrorCount} error(s); results discarded.");
        }

        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        string deviceText = $"{context.DeviceName} ({inpainter.Frames.KernelFamily} kernels)";
        WriteTables(stdout, rows, stageTotals, inpainter.Frames, deviceText);
        string report = Path.Combine(outDir, "report.md");
        AtomicFile.WriteAllBytes(report, Encoding.UTF8.GetBytes(Report(rows, stageTotals, inpainter.Frames, deviceText, modelPath)));
        stdout.WriteLine($"mae demo: {rows.Count} side-by-side PNGs (input with holes | MAE | OpenCV Telea | original) and report.md in {Path.GetFullPath(outDir)} ({seconds:F0} s)");
        return 0;
    }

    private static FrameHoleShape Shape(string family) => family switch
    {
        "strokes" => FrameHoleShape.Stroke,
        "boxes" => FrameHoleShape.Box,
        _ => FrameHoleShape.Blob,
    };

    private static void WriteTables(TextWriter output, List<Row> rows, double[] stageTotals, FrameInpainter frames, string device)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 160;
        output.WriteLine($"Frame pass on {device}: {frames.Config.ImageSize} px tiles, overlap {frames.Overlap} px; hole-only PSNR (dB) against the original.");
        var table = new Table().Border(TableBorder.Ascii);
        foreach (string column in new[] { "photo", "holes", "size", "hole px", "tiles run", "GPU ms", "MAE (Vulkan)", "OpenCV Telea" })
        {
            table.AddColumn(new TableColumn(column) { Alignment = column is "photo" or "holes" ? Justify.Left : Justify.Right });
        }

        foreach (var r in rows)
        {
            table.AddRow(
                Markup.Escape(r.Photo), r.Family, $"{r.Width}x{r.Height}", r.HoleRatio.ToString("P1", CultureInfo.InvariantCulture), $"{r.Tiles}/{r.GridTiles}",
                r.GpuMs.ToString("F0", CultureInfo.InvariantCulture), Db(r.MaePsnr), Db(r.TeleaPsnr));
        }

        foreach (string family in Families.Append("all"))
        {
            var group = rows.Where(r => family == "all" || r.Family == family).ToList();
            table.AddRow("mean", family, string.Empty, string.Empty, string.Empty, group.Average(r => r.GpuMs).ToString("F0", CultureInfo.InvariantCulture), Db(group.Average(r => r.MaePsnr)), Db(group.Average(r => r.TeleaPsnr)));
        }

        console.Write(table);
        var stages = new Table().Border(TableBorder.Ascii);
        stages.AddColumn("GPU stage");
        stages.AddColumn(new TableColumn("ms per frame (mean)").RightAligned());
        stages.AddColumn(new TableColumn("ms per tile run").RightAligned());
        int tiles = Math.Max(1, rows.Sum(r => r.Tiles));
        for (int k = 0; k < stageTotals.Length; k++)
        {
            stages.AddRow(FrameInpainter.StageNames[k], (stageTotals[k] / rows.Count).ToString("F1", CultureInfo.InvariantCulture), (stageTotals[k] / tiles).ToString("F2", CultureInfo.InvariantCulture));
        }

        stages.AddRow("total", (stageTotals.Sum() / rows.Count).ToString("F1", CultureInfo.InvariantCulture), (stageTotals.Sum() / tiles).ToString("F2", CultureInfo.InvariantCulture));
        console.Write(stages);
    }

    private static string Report(List<Row> rows, double[] stageTotals, FrameInpainter frames, string device, string model)
    {
        var md = new StringBuilder();
        md.AppendLine("# mae demo");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Model `{model}` through the frame pass on {device}: {frames.Config.ImageSize} px tiles, overlap {frames.Overlap} px; the bundled photos at full size, {HoleFraction:P0} of the pixels made holes per shape. PSNR is over the hole pixels only, against the original photo.");
        md.AppendLine();
        md.AppendLine("| photo | holes | size | hole px | tiles run | GPU ms | MAE PSNR (dB) | Telea PSNR (dB) | side by side |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in rows)
        {
            string grid = GridFileName(r.Photo, r.Family);
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Photo} | {r.Family} | {r.Width}x{r.Height} | {r.HoleRatio:P1} | {r.Tiles}/{r.GridTiles} | {r.GpuMs:F0} | {Db(r.MaePsnr)} | {Db(r.TeleaPsnr)} | [{grid}]({grid}) |");
        }

        md.AppendLine();
        md.AppendLine("| GPU stage | ms per frame (mean) |");
        md.AppendLine("|---|---:|");
        for (int k = 0; k < stageTotals.Length; k++)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {FrameInpainter.StageNames[k]} | {stageTotals[k] / rows.Count:F1} |");
        }

        md.AppendLine();
        md.AppendLine("Each PNG: input with the holes in magenta | MAE (Vulkan) | OpenCV Telea | original.");
        return md.ToString();
    }

    private static string Db(double psnr) => double.IsPositiveInfinity(psnr) ? "inf" : psnr.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>Four labelled panels in a row: input with holes in magenta, MAE fill, Telea fill, original.</summary>
    private static RgbImage SideBySide(RgbImage original, float[] holes, float[] mae, float[] telea, Row row)
    {
        const int margin = 8, scale = 2, label = (BitmapFont.GlyphHeight * scale) + margin;
        int w = original.Width, h = original.Height;
        var canvas = new PreviewCanvas(margin + (4 * (w + margin)), margin + label + h + margin);
        canvas.Fill(0, 0, canvas.Width, canvas.Height, (0.12f, 0.12f, 0.12f));
        var input = (float[])original.Pixels.Clone();
        for (int i = 0; i < holes.Length; i++)
        {
            if (holes[i] >= 0.5f)
            {
                input[3 * i] = 1f;
                input[(3 * i) + 1] = 0f;
                input[(3 * i) + 2] = 1f;
            }
        }

        string[] labels =
        [
            $"INPUT: {row.Family} {row.HoleRatio.ToString("P0", CultureInfo.InvariantCulture)}",
            $"MAE (VULKAN) {Db(row.MaePsnr)} DB",
            $"OPENCV TELEA {Db(row.TeleaPsnr)} DB",
            "ORIGINAL",
        ];
        float[][] panels = [input, mae, telea, original.Pixels];
        for (int c = 0; c < 4; c++)
        {
            int x = margin + (c * (w + margin));
            canvas.Text(labels[c], x, margin, scale, w, (0.95f, 0.95f, 0.95f));
            canvas.Blit(panels[c], w, h, x, margin + label, 1);
        }

        return canvas.ToImage();
    }

    private sealed record Row(string Photo, string Family, int Width, int Height, double HoleRatio, int Tiles, int GridTiles, double GpuMs, double MaePsnr, double TeleaPsnr);
}
