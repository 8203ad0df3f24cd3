using System.Text.Json;
using MaeRealtime.Editor.Cli;
using MaeRealtime.Editor.Eval;
using MaeRealtime.Editor.Imaging;
using SixLabors.ImageSharp;

namespace MaeRealtime.Editor.Tests.Eval;

public sealed class EvalCommandTests : IClassFixture<EvalGpuFixture>, IDisposable
{
    private static readonly string[] s_families = ["thin", "medium", "thick", "box"];
    private static readonly string[] s_methods = ["mae", "telea", "ns", "pushpull", "mean"];
    private readonly EvalGpuFixture _gpu;
    private readonly int _errorsBefore;

    public EvalCommandTests(EvalGpuFixture gpu)
    {
        _gpu = gpu;
        Assert.NotNull(gpu.Context.Validation);
        _errorsBefore = gpu.Context.ValidationErrorCount;
    }

    [Fact]
    public void Json_HasARowPerMethodAndFamily_AndHoleRatioBins()
    {
        (int code, string stdout, string stderr) = Run("--json");

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var rows = doc.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(s_methods.Length * s_families.Length, rows.Count);
        foreach (string method in s_methods)
        {
            foreach (string family in s_families)
            {
                var row = Assert.Single(rows, r => r.GetProperty("method").GetString() == method && r.GetProperty("family").GetString() == family);
                Assert.Equal(2, row.GetProperty("images").GetInt32());
                Assert.InRange(row.GetProperty("psnr").GetDouble(), 3, 100);
            }
        }

        // SSIM tells fills apart: Telea's diffusion continues the test images' smooth colour fields into the holes,
        // a flat mean fill has no structure at all. Neither is perfect.
        foreach (string family in s_families)
        {
            double Ssim(string method) => rows.Single(r => r.GetProperty("method").GetString() == method && r.GetProperty("family").GetString() == family).GetProperty("ssim").GetDouble();
            Assert.True(Ssim("telea") > Ssim("mean") + 0.05, $"{family}: SSIM telea {Ssim("telea"):F3}, mean {Ssim("mean"):F3}");
            Assert.All(s_methods, m => Assert.InRange(Ssim(m), -1, 0.999));
        }

        var bins = doc.RootElement.GetProperty("bins").EnumerateArray().ToList();
        Assert.NotEmpty(bins);
        Assert.All(bins, b => Assert.Contains(b.GetProperty("bin").GetString(), Training.Eval.HoleRatioBins.Labels));
        foreach (string method in s_methods)
        {
            Assert.Equal(8, bins.Where(b => b.GetProperty("method").GetString() == method).Sum(b => b.GetProperty("images").GetInt32()));
        }

        Assert.Equal(2, doc.RootElement.GetProperty("imageCount").GetInt32());
        // 64 px crops of the tiny model (32 px tiles, 8 px patches): the default overlap is 12 (stride 20 = 2.5 patches), so a 4 x 4 grid.
        Assert.Equal(16, doc.RootElement.GetProperty("tilesPerCrop").GetInt32());
        Assert.Equal(12, doc.RootElement.GetProperty("tileOverlap").GetInt32());
        // The kernels are part of the setup: fp16 activations change the numbers slightly.
        Assert.Matches("^(Cpu|Tiled), fp(16|32) activations$", doc.RootElement.GetProperty("kernels").GetString());
    }

    [Fact]
    public void SameSeed_SameNumbers_OtherSeed_OtherMasks()
    {
        (_, string first, _) = Run("--json", "--baselines", "mean", "--masks", "box,thin");
        (_, string again, _) = Run("--json", "--baselines", "mean", "--masks", "box,thin");
        (_, string other, _) = Run("--json", "--baselines", "mean", "--masks", "box,thin", "--seed", "9");

        Assert.Equal(Results(first), Results(again));
        Assert.NotEqual(Results(first), Results(other));
    }

    [Fact]
    public void Report_WritesChartsGridsAndSummary()
    {
        using var dir = new TempDirectory();
        string report = Path.Combine(dir.Path, "report");

        (int code, string stdout, string stderr) = Run("--report", report, "--per-image", "2");

        Assert.True(code == 0, stderr);
        Assert.Contains("OpenCV Telea", stdout);
        foreach (string chart in new[] { EvalReportWriter.PsnrChartFile, EvalReportWriter.SsimChartFile, EvalReportWriter.BinChartFile })
        {
            var info = Image.Identify(Path.Combine(report, chart));
            Assert.True(info.Width >= 600 && info.Height >= 300, $"{chart} is {info.Width}x{info.Height}");
        }

        foreach (string family in s_families)
        {
            // Rows: 2 images x 2 masks (at most 4 kept); columns: input, 5 methods, original; 64 px cells, 4 px gutters.
            var grid = Image.Identify(Path.Combine(report, EvalReportWriter.GridFile(family)));
            Assert.Equal((7 * 64) + (8 * SampleGrid.Gutter), grid.Width);
            Assert.Equal((4 * 64) + (5 * SampleGrid.Gutter), grid.Height);
        }

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "results.json")));
        Assert.Equal(20, json.RootElement.GetProperty("results").GetArrayLength());
        Assert.Contains("psnr-by-family.png", File.ReadAllText(Path.Combine(report, "report.md")));
        Assert.DoesNotContain(Directory.EnumerateFiles(report), f => Path.GetFileName(f).StartsWith('.'));
    }

    [Fact]
    public void Text_PrintsATablePerFamilyAndBin()
    {
        (int code, string stdout, string stderr) = Run("--baselines", "telea,mean", "--masks", "thick");

        Assert.True(code == 0, stderr);
        Assert.Contains("mask family", stdout);
        Assert.Contains("hole ratio", stdout);
        Assert.Contains("MAE (Vulkan)", stdout);
        Assert.Contains("Mean fill", stdout);
        Assert.Contains("thick", stdout);
        Assert.DoesNotContain("Navier", stdout);
        Assert.DoesNotContain("\u001b[", stdout);
    }

    [Theory]
    [InlineData("--masks", "thin,blobby", "'blobby'", "thin, medium, thick, box")]
    [InlineData("--baselines", "telea,lama", "'lama'", "telea, ns, pushpull, mean")]
    [InlineData("--crop", "0", "--crop >= 1", "found 0")]
    [InlineData("--per-image", "0", "--per-image >= 1", "")]
    public void BadOptions_AreUserErrorsThatSayWhatIsValid(string option, string value, string names, string valid)
    {
        (int code, string stdout, string stderr) = Run(option, value);

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith("mae: error: ", stderr);
        Assert.Contains(names, stderr);
        Assert.Contains(valid, stderr);
    }

    [Fact]
    public void MissingModel_MissingFolder_AndNoImages_AreUserErrors()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("empty"));
        File.WriteAllText(dir.File("empty/notes.txt"), "not an image");

        var missingModel = RunWith(["--model", dir.File("nope.maew"), "--images", _gpu.ImageFolder]);
        var missingFolder = RunWith(["--model", _gpu.ModelPath, "--images", dir.File("nowhere")]);
        var noImages = RunWith(["--model", _gpu.ModelPath, "--images", dir.File("empty")]);

        Assert.Equal(1, missingModel.Code);
        Assert.Contains("nope.maew", missingModel.Stderr);
        Assert.Equal(1, missingFolder.Code);
        Assert.Contains("does not exist", missingFolder.Stderr);
        Assert.Equal(1, noImages.Code);
        Assert.Contains("No PNG or JPEG images", noImages.Stderr);
    }

    [Fact]
    public void Overlap_IsUsedAndReported_ABadOneIsAUserError()
    {
        var (code, stdout, stderr) = Run("--overlap", "0", "--masks", "box", "--baselines", "none", "--json");
        Assert.True(code == 0, stderr);
        using (var doc = JsonDocument.Parse(stdout))
        {
            // 64 px crops of 32 px tiles without overlap: a 2 x 2 grid.
            Assert.Equal(0, doc.RootElement.GetProperty("tileOverlap").GetInt32());
            Assert.Equal(4, doc.RootElement.GetProperty("tilesPerCrop").GetInt32());
        }

        var odd = Run("--overlap", "7", "--masks", "box", "--baselines", "none");
        Assert.Equal(1, odd.Code);
        Assert.Contains("--overlap 7: expected an even number of pixels from 0 to 16", odd.Stderr);
    }

    [Fact]
    public void UnreadableAndTooSmallImages_AreSkippedWithWarnings()
    {
        using var dir = new TempDirectory();
        string folder = dir.File("mixed");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(_gpu.ImageFolder, "a.png"), Path.Combine(folder, "good.png"));
        File.WriteAllText(Path.Combine(folder, "broken.jpg"), "not a jpeg");
        new RgbImage(16, 16).SaveAsPng(Path.Combine(folder, "tiny.png"));

        var result = RunWith(["--model", _gpu.ModelPath, "--images", folder, "--crop", "64", "--masks", "box", "--baselines", "mean", "--json"]);

        Assert.True(result.Code == 0, result.Stderr);
        Assert.Contains("broken.jpg", result.Stderr);
        Assert.Contains("tiny.png", result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal(1, doc.RootElement.GetProperty("imageCount").GetInt32());
        Assert.Equal(2, doc.RootElement.GetProperty("skippedImages").GetInt32());
    }

    public void Dispose()
    {
        int errors = _gpu.Context.ValidationErrorCount - _errorsBefore;
        Assert.True(errors == 0, $"{errors} Vulkan validation error(s):\n{string.Join("\n", _gpu.Context.Validation!.RecentMessages)}");
    }

    private static string Results(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("results").GetRawText();
    }

    /// <summary>Runs eval on the fixture's model and images with 64 px crops unless <paramref name="extra"/> names another.</summary>
    private (int Code, string Stdout, string Stderr) Run(params string[] extra) =>
        RunWith(["--model", _gpu.ModelPath, "--images", _gpu.ImageFolder, .. extra.Contains("--crop") ? Array.Empty<string>() : ["--crop", "64"], .. extra]);

    private (int Code, string Stdout, string Stderr) RunWith(string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var command = new EvalCommand(_ => _gpu.Context, disposeContext: false);
        int code = CliApp.Run(["eval", .. args], stdout, stderr, [command]);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
