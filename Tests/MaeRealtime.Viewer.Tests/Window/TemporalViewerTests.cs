using System.Globalization;
using System.Text.RegularExpressions;

namespace MaeRealtime.Viewer.Tests.Window;

/// <summary>
/// The viewer's temporal demo end to end (virtual X window, lavapipe, validation on): M starts the moving occluder
/// over painted holes, T toggles the runtime's history, and the flicker of the displayed fills (FlickerMeter) is
/// reported for each half of the run.
/// </summary>
public sealed partial class TemporalViewerTests
{
    [Fact]
    public void MovingOccluder_FlickerIsMeasured_AndLowerWithHistoryThanWithout()
    {
        using var dir = new TempDirectory();
        string script = dir.File("temporal.txt");
        File.WriteAllLines(script,
        [
            "# painted holes on the occluder's path, then the occluder: history on (the default), then off",
            "stroke 180 170 420 230 16",
            "paint 300 260 22",
            "key M",
            "wait 14",
            "key T",
            "wait 14",
        ]);

        var (code, stdout, stderr) = ViewerProcess.RunUnderXvfb(TimeSpan.FromMinutes(5),
            "--window", "584x388", "--script", script, "--frames", "32");

        Assert.True(code == 0, $"exit code {code}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Contains("viewer: validation errors: 0", stdout);
        Assert.Contains("viewer: history off", stdout);
        var figures = FlickerLine().Matches(stdout).Select(m => (Value: double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Pairs: int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), History: m.Groups[3].Value)).ToArray();
        Assert.True(figures.Length == 2, $"expected two flicker lines (at T, at exit):\n{stdout}");
        var (with, without) = (figures[0], figures[1]);
        Assert.Equal(("on", "off"), (with.History, without.History));
        Assert.True(with.Pairs >= 8 && without.Pairs >= 8, $"frame pairs: {with.Pairs} with history, {without.Pairs} without");
        Assert.True(double.IsFinite(with.Value) && double.IsFinite(without.Value));
        Assert.True(without.Value > 0.5, $"the occluder should make the fills flicker without history: {without.Value:F2} levels");
        Assert.True(with.Value < 0.8 * without.Value, $"flicker with history {with.Value:F2} levels, without {without.Value:F2}");
    }

    [GeneratedRegex(@"viewer: flicker (-?[0-9.]+) levels over ([0-9]+) frame pairs \([0-9]+ pixels\), history (on|off)")]
    private static partial Regex FlickerLine();
}
