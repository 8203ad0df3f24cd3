using System.Text.Json;
using MaeRealtime.Editor.Cli;

namespace MaeRealtime.Editor.Tests.Sequences;

/// <summary><c>mae eval --sequence</c> end to end on tiny sizes (64 px, 6 frames) with the validation layer on.</summary>
public sealed class SequenceEvalTests : IClassFixture<SequenceEvalFixture>, IDisposable
{
    private readonly SequenceEvalFixture _gpu;
    private readonly int _errorsBefore;

    public SequenceEvalTests(SequenceEvalFixture gpu)
    {
        _gpu = gpu;
        _errorsBefore = gpu.Context.ValidationErrorCount;
    }

    public void Dispose()
    {
        int errors = _gpu.Context.ValidationErrorCount - _errorsBefore;
        Assert.True(errors == 0, $"{errors} Vulkan validation error(s):\n{string.Join("\n", _gpu.Context.Validation!.RecentMessages)}");
    }

    [Fact]
    public void Json_ScoresEveryMethodOnEveryKind_WithFiniteNumbers()
    {
        var (code, stdout, stderr) = Run("--sequence", $"static,pan,layered,folder:{_gpu.DepthFolder}", "--images", _gpu.ImageFolder, "--size", "64", "--frames", "6", "--json");

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal("sequence", root.GetProperty("mode").GetString());
        Assert.Equal(2, root.GetProperty("photos").GetInt32());
        Assert.Equal(7, root.GetProperty("sequences").GetArrayLength());
        var rows = root.GetProperty("results").EnumerateArray().ToList();
        string[] perFrame = ["mae", "mae+history", "telea", "ns"];
        foreach (string kind in new[] { "static", "pan" })
        {
            Assert.Equal(perFrame, rows.Where(r => r.GetProperty("sequence").GetString() == kind).Select(r => r.GetProperty("method").GetString()));
        }

        // Only layered and the folder have depth, so only they get the depth variants, next to the same without depth.
        foreach (string kind in new[] { "layered", "folder" })
        {
            Assert.Equal(["mae", "mae+depth", "mae+history", "mae+history+depth", "telea", "ns"], rows.Where(r => r.GetProperty("sequence").GetString() == kind).Select(r => r.GetProperty("method").GetString()));
        }
        foreach (var row in rows)
        {
            string what = $"{row.GetProperty("sequence").GetString()}/{row.GetProperty("method").GetString()}";
            bool folder = row.GetProperty("sequence").GetString() == "folder";
            Assert.Equal(folder ? 5 : 12, row.GetProperty("frames").GetInt32());
            Assert.InRange(row.GetProperty("psnr").GetDouble(), 3, 99);
            Assert.True(double.IsFinite(row.GetProperty("flicker").GetDouble()), what);
            Assert.InRange(row.GetProperty("fillChange").GetDouble(), 0, 255);
            Assert.True(row.GetProperty("flickerPixels").GetInt64() > 0, what);
            Assert.True(row.GetProperty("holePixels").GetInt64() > 0, what);
        }

        // Static camera: the truth under the holes never changes, so flicker is the fill's own change.
        double Flicker(string kind, string method) => rows.Single(r => r.GetProperty("sequence").GetString() == kind && r.GetProperty("method").GetString() == method).GetProperty("flicker").GetDouble();
        Assert.All(rows.Where(r => r.GetProperty("sequence").GetString() == "static"), r => Assert.Equal(0, r.GetProperty("truthChange").GetDouble()));
        Assert.True(Flicker("static", "telea") > 0, "Telea on moving holes should change from frame to frame");
        // The runtime's history steadies the fill of a still background.
        Assert.True(Flicker("static", "mae+history") < Flicker("static", "mae"), $"history {Flicker("static", "mae+history"):F3} vs per frame {Flicker("static", "mae"):F3}");
    }

    [Fact]
    public void Text_PrintsOneRowPerKindAndMethod_AndBaselinesCanBeChosen()
    {
        var (code, stdout, stderr) = Run("--sequence", "static", "--images", _gpu.ImageFolder, "--size", "64", "--frames", "3", "--max-images", "1", "--baselines", "mean");

        Assert.True(code == 0, stderr);
        Assert.Contains("hole PSNR (dB)", stdout);
        Assert.Contains("MAE + history", stdout);
        Assert.Contains("Mean fill", stdout);
        Assert.DoesNotContain("Telea", stdout);
        Assert.DoesNotContain("\u001b[", stdout);
        Assert.Contains("static x 1", stdout);
    }

    [Fact]
    public void AFolderAlone_NeedsNoImages()
    {
        var (code, stdout, stderr) = Run("--sequence", $"folder:{_gpu.DepthFolder}", "--json", "--baselines", "none");

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("imageFolder").ValueKind);
        Assert.Equal(4, doc.RootElement.GetProperty("results").GetArrayLength());
    }

    [Theory]
    [InlineData("spin", "Unknown sequence kind 'spin' in --sequence; valid: static, pan, layered, folder:DIR")]
    [InlineData("folder:", "names no folder")]
    [InlineData("static", "--sequence static, pan and layered need --images")]
    public void BadSequenceOptions_AreUserErrors(string kinds, string expected)
    {
        var (code, stdout, stderr) = Run("--sequence", kinds);

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith("mae: error: ", stderr);
        Assert.Contains(expected, stderr);
    }

    [Fact]
    public void TooFewFrames_AndAMissingFolder_AreUserErrors()
    {
        var frames = Run("--sequence", "pan", "--images", _gpu.ImageFolder, "--frames", "1");
        var folder = Run("--sequence", $"folder:{Path.Combine(_gpu.Root, "nowhere")}");
        var noImages = Run("--masks", "box");
        var report = Run("--sequence", "static", "--images", _gpu.ImageFolder, "--report", Path.Combine(_gpu.Root, "report"));

        Assert.Equal(1, frames.Code);
        Assert.Contains("--frames 1: expected 2 to", frames.Stderr);
        Assert.Equal(1, folder.Code);
        Assert.Contains("nowhere' does not exist", folder.Stderr);
        Assert.Equal(1, noImages.Code);
        Assert.Contains("Option '--images' is required", noImages.Stderr);
        Assert.Equal(1, report.Code);
        Assert.Contains("--report belongs to the image eval", report.Stderr);
    }

    [Fact]
    public void ABadFolder_FailsBeforeTheDeviceOpens()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var command = new EvalCommand(_ => throw new InvalidOperationException("the device was opened"), disposeContext: false);

        int code = CliApp.Run(["eval", "--model", _gpu.ModelPath, "--sequence", $"static,folder:{Path.Combine(_gpu.Root, "nowhere")}", "--images", _gpu.ImageFolder], stdout, stderr, [command]);

        Assert.Equal(1, code);
        Assert.Contains("nowhere' does not exist", stderr.ToString());
        Assert.DoesNotContain("device was opened", stderr.ToString());
    }

    private (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var command = new EvalCommand(_ => _gpu.Context, disposeContext: false);
        int code = CliApp.Run(["eval", "--model", _gpu.ModelPath, .. args], stdout, stderr, [command]);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
