using System.CommandLine;
using MaeRealtime.Editor.Cli;

namespace MaeRealtime.Editor.Tests.Cli;

/// <summary>A verb <c>throw</c> that throws the given exception, to test how the CLI reports it.</summary>
internal sealed class ThrowingCommand(Exception exception) : ICliCommand
{
    public Command Create()
    {
        var command = new Command("throw", "Throws.");
        command.SetAction(new Func<ParseResult, int>(_ => throw exception));
        return command;
    }
}
