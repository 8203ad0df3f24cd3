using System.CommandLine;

namespace MaeRealtime.Editor.Cli;

/// <summary>
/// One verb of the <c>mae</c> command line, listed once in <see cref="CliApp.Commands"/>.
/// <see cref="Create"/> builds a fresh System.CommandLine <see cref="Command"/> whose action writes
/// through <c>parseResult.InvocationConfiguration.Output</c> and returns the exit code (0 = success).
/// For a user error (bad input, missing file) the action throws <see cref="CliException"/>, an
/// <see cref="IOException"/> or another exception <see cref="CliApp.IsUserError"/> accepts:
/// <see cref="CliApp"/> turns it into one line on stderr and exit code 1.
/// </summary>
public interface ICliCommand
{
    /// <summary>Builds the command with its options and action; called once per run.</summary>
    Command Create();
}
