using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Cli;

/// <summary><c>mae version</c>: the tool's version, the weight file format it reads and writes, and the .NET runtime.</summary>
public sealed class VersionCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var command = new Command("version", "Print the version of mae, the weight file format and the .NET runtime.");
        command.SetAction(parseResult =>
        {
            TextWriter output = parseResult.InvocationConfiguration.Output;
            output.WriteLine($"mae {ToolVersion}");
            output.WriteLine($"weight file format v{WeightFileFormat.Version}");
            output.WriteLine(RuntimeInformation.FrameworkDescription);
            return 0;
        });
        return command;
    }

    /// <summary>The informational version of the mae assembly (version plus source revision when the build knows it).</summary>
    public static string ToolVersion { get; } =
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(VersionCommand).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
