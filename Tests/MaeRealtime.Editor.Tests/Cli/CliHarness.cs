using MaeRealtime.Editor.Cli;

namespace MaeRealtime.Editor.Tests.Cli;

/// <summary>Runs <c>mae</c> in process with captured output.</summary>
internal static class CliHarness
{
    public static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr, CliApp.Commands);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The lines of <paramref name="text"/> without the trailing empty one.</summary>
    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
