using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MaeRealtime.Viewer.Tests.Window;

/// <summary>
/// The viewer end to end in a real (virtual X) window on lavapipe with validation on: scripted strokes, the
/// runtime's record path, the display pass, the swapchain, and a screenshot read back once.
/// </summary>
public sealed class ViewerWindowTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    // The stroke lies right of and below the status panel (top left) so the overlay text does not cover it.
    private const double X0 = 260, Y0 = 210, X1 = 440, Y1 = 250, Radius = 14;

    [Fact]
    public void ScriptedStroke_IsFilled_CloseToTheOriginal_WithoutValidationErrors()
    {
        using var dir = new TempDirectory();
        string script = dir.File("stroke.txt");
        File.WriteAllText(script, $"# one stroke over four frames\nstroke {X0} {Y0} {X1} {Y1} {Radius} 4\nwait 2\n");
        string shot = dir.File("shot.png");

        var (code, stdout, stderr) = ViewerProcess.RunUnderXvfb(Timeout,
            "--window", "584x388", "--script", script, "--frames", "8", "--screenshot", shot);

        Assert.True(code == 0, $"exit code {code}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Contains("viewer: validation errors: 0", stdout);
        using var screen = Image.Load<Rgba32>(shot);
        using var original = Image.Load<Rgba32>(ViewerProcess.DefaultImage);
        Assert.Equal((original.Width, original.Height), (screen.Width, screen.Height)); // 1:1 in a window of the image's size

        // Inside the stroke (one pixel in from its edge): no hole colour left, and close to the original.
        int holePixels = 0, magenta = 0;
        double absError = 0;
        for (int y = 0; y < screen.Height; y++)
        {
            for (int x = 0; x < screen.Width; x++)
            {
                if (DistanceToStroke(x + 0.5, y + 0.5) > Radius - 1)
                {
                    continue;
                }

                Rgba32 s = screen[x, y], o = original[x, y];
                holePixels++;
                magenta += s.R > 200 && s.G < 60 && s.B > 200 ? 1 : 0;
                absError += (Math.Abs(s.R - o.R) + Math.Abs(s.G - o.G) + Math.Abs(s.B - o.B)) / (3 * 255.0);
            }
        }

        Assert.True(holePixels > 4000, $"only {holePixels} stroke pixels");
        Assert.True(magenta == 0, $"{magenta} of {holePixels} stroke pixels still show the hole colour");
        double mae = absError / holePixels;
        Assert.True(mae < 0.15, $"mean absolute error in the stroke {mae:F3} (limit 0.15)");

        // Far from the stroke and the overlay, known pixels come through exactly.
        for (int y = 300; y < 380; y += 3)
        {
            for (int x = 470; x < 580; x += 3)
            {
                Assert.Equal(original[x, y], screen[x, y]);
            }
        }
    }

    [Fact]
    public void EveryView_Help_ModelReloadAndDrops_Resize_AndClear_RunWithoutValidationErrors()
    {
        using var dir = new TempDirectory();
        string script = dir.File("keys.txt");
        string notAModel = dir.File("broken.maew");
        File.WriteAllText(notAModel, "not a weight file");
        File.WriteAllLines(script,
        [
            "paint 300 200 20",
            "key 2", "key 3", "key 4", "key 5", "key H",
            "resize 700 420",
            "stroke 100 300 200 320 10",
            "key R",
            $"drop {notAModel}",
            $"drop {Path.Combine(AppContext.BaseDirectory, "models", "mae-default.maew")}",
            "wait 2",
            "key 1", "key C",
        ]);
        string shot = dir.File("shot.png");

        var (code, stdout, stderr) = ViewerProcess.RunUnderXvfb(Timeout,
            "--window", "584x388", "--script", script, "--frames", "18", "--screenshot", shot);

        Assert.True(code == 0, $"exit code {code}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Contains("viewer: validation errors: 0", stdout);
        Assert.Equal(2, stdout.Split('\n').Count(l => l.StartsWith("viewer: model ", StringComparison.Ordinal) && l.Contains("loaded"))); // R, then the good drop
        Assert.Contains($"could not load model '{notAModel}'", stderr); // the broken drop is refused; the viewer goes on
        using var screen = Image.Load<Rgba32>(shot);
        Assert.Equal((700, 420), (screen.Width, screen.Height)); // the swapchain followed the resize
    }

    [Fact]
    public void NoDisplay_ExitsWithCode2_AndSaysWhy()
    {
        var (code, _, stderr) = ViewerProcess.RunDirect(TimeSpan.FromMinutes(1),
            new Dictionary<string, string?> { ["DISPLAY"] = null, ["WAYLAND_DISPLAY"] = null });

        Assert.Equal(2, code);
        Assert.Contains("no display", stderr);
    }

    private static double DistanceToStroke(double px, double py)
    {
        double dx = X1 - X0, dy = Y1 - Y0;
        double t = Math.Clamp((((px - X0) * dx) + ((py - Y0) * dy)) / ((dx * dx) + (dy * dy)), 0, 1);
        return Math.Sqrt(Math.Pow(px - (X0 + (t * dx)), 2) + Math.Pow(py - (Y0 + (t * dy)), 2));
    }
}
