using MaeRealtime.Editor.Cli;
using MaeRealtime.Runtime.Frames;

namespace MaeRealtime.Editor.Tests.Cli;

/// <summary>The README's main job, end to end on the bundled model and photos at full size (lavapipe).</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public void Demo_FillsTheBundledPhotos_AndWritesSideBySidePngsAndReport()
    {
        using var dir = new TempDirectory();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(["demo", "--out", dir.Path], stdout, stderr, CliApp.Commands);
        Assert.True(code == 0, stderr.ToString());
        string text = stdout.ToString();
        Assert.Contains("MAE (Vulkan)", text);
        Assert.Contains("OpenCV Telea", text);
        foreach (string stage in FrameInpainter.StageNames)
        {
            Assert.Contains($"| {stage} ", text);
        }

        var photos = Directory.EnumerateFiles(DemoCommand.SamplesDirectory, "*.jpg").ToList();
        Assert.NotEmpty(photos);
        foreach (string photo in photos)
        {
            foreach (string family in DemoCommand.Families)
            {
                string grid = Path.Combine(dir.Path, DemoCommand.GridFileName(photo, family));
                Assert.True(File.Exists(grid), $"no side-by-side PNG for {Path.GetFileName(photo)} / {family}");
                Assert.Contains(Path.GetFileName(photo), text);
            }
        }

        Assert.True(File.Exists(Path.Combine(dir.Path, "report.md")));
    }
}
