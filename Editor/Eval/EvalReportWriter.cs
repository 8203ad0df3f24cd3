using System.Globalization;
using System.Text;
using MaeRealtime.Runtime;
using MaeRealtime.Training.Eval;

namespace MaeRealtime.Editor.Eval;

/// <summary>
/// <c>mae eval --report DIR</c>: keeps the first few samples of each mask family while the eval runs,
/// then writes bar charts (PSNR and SSIM per family and method, PSNR per hole-ratio bin), one sample
/// grid per family, <c>results.json</c> (as <c>--json</c> prints) and <c>report.md</c> tying them
/// together. Every file is written atomically, so an interrupted run never leaves a half-written one.
/// </summary>
internal sealed class EvalReportWriter
{
    /// <summary>File name of the PSNR-per-family chart.</summary>
    public const string PsnrChartFile = "psnr-by-family.png";

    /// <summary>File name of the SSIM-per-family chart.</summary>
    public const string SsimChartFile = "ssim-by-family.png";

    /// <summary>File name of the PSNR-per-hole-ratio chart.</summary>
    public const string BinChartFile = "psnr-by-hole-ratio.png";

    private readonly Dictionary<string, List<EvalSample>> _samples = [];
    private readonly int _samplesPerFamily;

    /// <summary>Creates a writer that keeps <paramref name="samplesPerFamily"/> samples of each family for the grids.</summary>
    public EvalReportWriter(string directory, int samplesPerFamily = 4)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = directory;
        _samplesPerFamily = samplesPerFamily;
    }

    /// <summary>Where the report goes.</summary>
    public string Directory { get; }

    /// <summary>The grid file of a mask family.</summary>
    public static string GridFile(string family) =>
        $"samples-{string.Concat(family.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_'))}.png";

    /// <summary>Keeps <paramref name="sample"/> for its family's grid while the grid has room.</summary>
    public void Observe(EvalSample sample)
    {
        if (!_samples.TryGetValue(sample.Family, out var list))
        {
            list = [];
            _samples.Add(sample.Family, list);
        }

        if (list.Count < _samplesPerFamily)
        {
            list.Add(sample);
        }
    }

    /// <summary>Writes every report file; returns their paths.</summary>
    public IReadOnlyList<string> Write(EvalResults results, EvalRunInfo info)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var written = new List<string>();
        void Bytes(string name, byte[] bytes)
        {
            string path = Path.Combine(Directory, name);
            AtomicFile.WriteAllBytes(path, bytes);
            written.Add(path);
        }

        Bytes(PsnrChartFile, EvalCharts.GroupedBars(
            $"Hole-only PSNR by mask family ({info.Crop}x{info.Crop} crops, {results.Images} images)", "hole PSNR (dB), higher is better",
            results.Families, results.Methods, results.ByFamily, r => r.Psnr, "F2"));
        Bytes(SsimChartFile, EvalCharts.GroupedBars(
            $"Hole-only SSIM by mask family ({info.Crop}x{info.Crop} crops, {results.Images} images)", "hole SSIM, higher is better",
            results.Families, results.Methods, results.ByFamily, r => r.Ssim, "F3"));
        var bins = HoleRatioBins.Labels.Where(b => results.ByBin.Any(r => r.Group == b)).ToList();
        Bytes(BinChartFile, EvalCharts.GroupedBars(
            "Hole-only PSNR by hole ratio (all families)", "hole PSNR (dB), higher is better",
            bins, results.Methods, results.ByBin, r => r.Psnr, "F2"));

        foreach (string family in results.Families)
        {
            if (_samples.TryGetValue(family, out var samples) && samples.Count > 0)
            {
                string path = Path.Combine(Directory, GridFile(family));
                SampleGrid.Compose(samples).SaveAsPng(path);
                written.Add(path);
            }
        }

        Bytes("results.json", Encoding.UTF8.GetBytes(EvalJson.Serialize(results, info, indented: true) + "\n"));
        Bytes("report.md", Encoding.UTF8.GetBytes(Markdown(results, info)));
        return written;
    }

    private string Markdown(EvalResults r, EvalRunInfo info)
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("# mae eval report").AppendLine();
        md.AppendLine(inv, $"Model `{info.Model}` on {info.Device}; images from `{info.ImageFolder}`: {r.Images} images, {(info.RandomCrops ? "seeded" : "center")} {info.Crop}x{info.Crop} crops, " +
            $"{info.PerImage} mask(s) per family and image, seed {info.Seed}; {r.Samples} samples. The model runs on Vulkan through the frame pass: a grid of {info.TilesPerCrop} " +
            $"{info.TileSize}x{info.TileSize} tiles per crop overlapping by {info.Overlap} px and blended, only tiles holding holes run.").AppendLine();
        md.AppendLine("Scores are hole-only (known pixels are copied exactly by every method), on 8-bit values; PSNR in dB is the mean of per-sample PSNRs " +
            $"(an exact fill counts as {EvalAccumulator.PsnrCeiling:F0} dB); SSIM is Gaussian 11x11 (sigma 1.5) per RGB channel, averaged over hole pixels.").AppendLine();
        md.AppendLine("## By mask family (PSNR dB / SSIM)").AppendLine();
        AppendTable(md, r, r.Families.Append("all").ToList(), r.ByFamily.Concat(r.Overall).ToList());
        md.AppendLine("## By hole ratio (PSNR dB / SSIM)").AppendLine();
        AppendTable(md, r, HoleRatioBins.Labels.Where(b => r.ByBin.Any(x => x.Group == b)).ToList(), r.ByBin);
        md.AppendLine("## Charts").AppendLine();
        md.AppendLine(inv, $"![PSNR by family]({PsnrChartFile})").AppendLine();
        md.AppendLine(inv, $"![SSIM by family]({SsimChartFile})").AppendLine();
        md.AppendLine(inv, $"![PSNR by hole ratio]({BinChartFile})").AppendLine();
        md.AppendLine("## Samples").AppendLine();
        md.AppendLine(inv, $"Columns, left to right: {string.Join(" | ", SampleGrid.ColumnNames(r.Methods.Select(m => m.DisplayName)))}.").AppendLine();
        foreach (string family in r.Families.Where(f => _samples.ContainsKey(f)))
        {
            md.AppendLine(inv, $"### {family}").AppendLine();
            md.AppendLine(inv, $"![{family} samples]({GridFile(family)})").AppendLine();
        }

        return md.ToString();
    }

    private static void AppendTable(StringBuilder md, EvalResults r, IReadOnlyList<string> groups, IReadOnlyList<EvalRow> rows)
    {
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine("| group | " + string.Join(" | ", r.Methods.Select(m => m.DisplayName)) + " | n |");
        md.AppendLine("|---|" + string.Concat(r.Methods.Select(_ => "---:|")) + "---:|");
        foreach (string group in groups)
        {
            var cells = r.Methods.Select(m => rows.FirstOrDefault(x => x.Method == m.Name && x.Group == group))
                .Select(x => x is null ? "-" : string.Format(inv, "{0:F2} / {1:F3}", x.Psnr, x.Ssim));
            int n = rows.Where(x => x.Group == group).Select(x => x.Images).DefaultIfEmpty(0).Max();
            md.AppendLine(inv, $"| {group} | {string.Join(" | ", cells)} | {n} |");
        }

        md.AppendLine();
    }
}
