using System.Diagnostics;

namespace MaeRealtime.Viewer.Tests.Window;

/// <summary>
/// Starts the built viewer (MaeRealtime.Viewer.dll, copied next to the tests by the project reference) as a child
/// process, on a virtual X display (Xvfb) with the Khronos validation layer on.
/// </summary>
internal static class ViewerProcess
{
    public static string ViewerDll => Path.Combine(AppContext.BaseDirectory, "MaeRealtime.Viewer.dll");

    /// <summary>The sample photo the viewer opens by default.</summary>
    public static string DefaultImage => Path.Combine(AppContext.BaseDirectory, "samples", "065_opencv-doc_rubberwhale1.jpg");

    /// <summary>
    /// Runs the viewer on a 1280x1024x24 Xvfb screen of its own; fails the test when it runs past <paramref name="timeout"/>.
    /// Xvfb is started directly rather than through xvfb-run, which needs xauth and can race for display numbers:
    /// <c>-displayfd</c> makes the server pick a free display and report it once it accepts connections.
    /// </summary>
    public static (int Code, string Stdout, string Stderr) RunUnderXvfb(TimeSpan timeout, params string[] viewerArgs)
    {
        string? xvfb = FindOnPath("Xvfb");
        Assert.True(xvfb is not null, "Xvfb is not installed (package xvfb; ./mae setup installs it)");
        var serverInfo = new ProcessStartInfo(xvfb!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in (string[])["-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"])
        {
            serverInfo.ArgumentList.Add(a);
        }

        using var server = Process.Start(serverInfo)!;
        try
        {
            var displayLine = server.StandardOutput.ReadLineAsync();
            Assert.True(displayLine.Wait(TimeSpan.FromSeconds(30)) && int.TryParse(displayLine.Result, out _),
                $"Xvfb did not report a display: {(server.HasExited ? server.StandardError.ReadToEnd() : "no answer in 30 s")}");
            return RunDirect(timeout, new Dictionary<string, string?>
            {
                ["DISPLAY"] = ":" + displayLine.Result!.Trim(),
                ["WAYLAND_DISPLAY"] = null,
                ["MAE_VALIDATION"] = "1",
            }, viewerArgs);
        }
        finally
        {
            server.Kill();
            server.WaitForExit();
        }
    }

    /// <summary>Runs the viewer directly with <paramref name="environment"/> changes (null value: removed).</summary>
    public static (int Code, string Stdout, string Stderr) RunDirect(TimeSpan timeout, IReadOnlyDictionary<string, string?> environment, params string[] viewerArgs)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(ViewerDll);
        foreach (string a in viewerArgs)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        return Run(info, timeout);
    }

    private static (int, string, string) Run(ProcessStartInfo info, TimeSpan timeout)
    {
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"the viewer ran past {timeout.TotalSeconds:F0} s and was stopped.\nstdout:\n{stdout.Result}\nstderr:\n{stderr.Result}");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
