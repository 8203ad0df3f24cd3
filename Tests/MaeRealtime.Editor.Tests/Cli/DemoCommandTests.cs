using MaeRealtime.Editor.Cli;
using MaeRealtime.TestSupport;

namespace MaeRealtime.Editor.Tests.Cli;

/// <summary>The README's main job, end to end on the bundled model and photos (lavapipe).</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public void Demo_FillsTheBundledPhotos_AndWritesGridsAndReport()
    {
        using var dir = new TempDirectory();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(["demo", "--out", dir.Path], stdout, stderr, CliApp.Commands);
        Assert.True(code == 0, stderr.ToString());
        string text = stdout.ToString();
        Assert.Contains("MAE (Vulkan)", text);
        Assert.Contains("OpenCV Telea", text);
        foreach (string family in DemoCommand.Families.Split(','))
        {
            Assert.True(File.Exists(Path.Combine(dir.Path, $"samples-{family}.png")), $"no grid for {family}");
        }

        Assert.True(File.Exists(Path.Combine(dir.Path, "report.md")));
    }
}
