using System.Diagnostics;

namespace MaeRealtime.Native.Tests;

/// <summary>Runs tools (dotnet, cc, nm, the C programs) and captures their output.</summary>
public static class ProcessRunner
{
    /// <summary>Runs <paramref name="file"/> with <paramref name="arguments"/>; kills it after <paramref name="timeout"/>.</summary>
    public static ProcessResult Run(string file, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The test host runs under `dotnet test`, whose MSBuild variables would point a nested `dotnet publish`
        // at the test's own SDK resolution state.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k == "MSBuildExtensionsPath" || k == "MSBuildSDKsPath").ToList())
        {
            info.Environment.Remove(key);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in {timeout ?? TimeSpan.FromMinutes(10)}.");
        }

        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
