using System.CommandLine;
using MaeRealtime.Editor.Cli;
using MaeRealtime.Editor.Imaging;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Tests.Cli;

public sealed class CliAppTests
{
    [Fact]
    public void UnknownOption_ExitsOneWithOneErrorLine()
    {
        (int code, string stdout, string[] errLines) = Run("--bogus");

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        string line = Assert.Single(errLines);
        Assert.StartsWith("mae: error: ", line);
        Assert.Contains("--bogus", line);
    }

    [Fact]
    public void UnknownOptionOfACommand_PointsToThatCommandsHelp()
    {
        (int code, _, string[] errLines) = Run("version", "--nope");

        Assert.Equal(1, code);
        string line = Assert.Single(errLines);
        Assert.Contains("--nope", line);
        Assert.Contains("'mae version --help'", line);
    }

    [Fact]
    public void UnknownCommand_ExitsOneWithOneErrorLine()
    {
        (int code, _, string[] errLines) = Run("frobnicate");

        Assert.Equal(1, code);
        Assert.StartsWith("mae: error: ", Assert.Single(errLines));
    }

    [Fact]
    public void NoArguments_PrintsHelp()
    {
        (int code, string stdout, string[] errLines) = Run();

        Assert.Equal(0, code);
        Assert.Contains("version", stdout);
        Assert.Contains("--verbose", stdout);
        Assert.Empty(errLines);
    }

    [Fact]
    public void Version_PrintsToolAndFormatVersions()
    {
        (int code, string stdout, string[] errLines) = Run("version");

        Assert.Equal(0, code);
        Assert.StartsWith("mae ", stdout);
        Assert.Contains($"weight file format v{WeightFileFormat.Version}", stdout);
        Assert.Empty(errLines);
    }

    [Fact]
    public void UserError_ExitsOneWithOneLine()
    {
        (int code, string stdout, string[] errLines) = Run([new Throwing(new CliException("the mask is 10x10 but the image is 20x20"))], "throw");

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal("mae: error: the mask is 10x10 but the image is 20x20", Assert.Single(errLines));
    }

    [Fact]
    public void MissingImage_IsAUserErrorNamingTheFile()
    {
        var command = new Throwing(() => RgbImage.Load("/no/such/dir/in.png"));

        (int code, _, string[] errLines) = Run([command], "throw");

        Assert.Equal(1, code);
        string line = Assert.Single(errLines);
        Assert.StartsWith("mae: error: ", line);
        Assert.Contains("/no/such/dir/in.png", line);
    }

    [Fact]
    public void UserError_WithVerbose_AddsTheStackTrace()
    {
        (int code, _, string[] errLines) = Run([new Throwing(new CliException("bad input"))], "throw", "--verbose");

        Assert.Equal(1, code);
        Assert.Equal("mae: error: bad input", errLines[0]);
        Assert.Contains(errLines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    [Fact]
    public void UnexpectedException_ExitsTwoWithTypeAndMessage()
    {
        (int code, _, string[] errLines) = Run([new Throwing(new InvalidOperationException("tile count\nwent negative"))], "throw");

        Assert.Equal(2, code);
        string line = Assert.Single(errLines);
        Assert.StartsWith("mae: internal error: System.InvalidOperationException: tile count went negative", line);
        Assert.Contains("--verbose", line);
    }

    [Fact]
    public void UnexpectedException_WithVerbose_ShowsTheStackTrace()
    {
        (int code, _, string[] errLines) = Run([new Throwing(new InvalidOperationException("boom"))], "--verbose", "throw");

        Assert.Equal(2, code);
        Assert.True(errLines.Length > 2);
        Assert.Contains(errLines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    [Fact]
    public void Commands_HaveUniqueNames()
    {
        string[] names = CliApp.Commands.Select(c => c.Create().Name).ToArray();

        Assert.Contains("version", names);
        Assert.Equal(names.Length, names.Distinct().Count());
    }

    private static (int Code, string Stdout, string[] ErrLines) Run(params string[] args) =>
        Run(CliApp.Commands, args);

    private static (int Code, string Stdout, string[] ErrLines) Run(IReadOnlyList<ICliCommand> commands, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr, commands);
        string[] errLines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (code, stdout.ToString(), errLines);
    }

    /// <summary>A "throw" command whose action throws, for the error paths.</summary>
    private sealed class Throwing(Action action) : ICliCommand
    {
        public Throwing(Exception exception)
            : this(() => throw exception)
        {
        }

        public Command Create()
        {
            var command = new Command("throw");
            command.SetAction(_ => action());
            return command;
        }
    }
}
