using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;
using MaeRealtime.Training.Native;

namespace MaeRealtime.Editor.Cli;

/// <summary>
/// The <c>mae</c> command line: builds the root command from <see cref="Commands"/>, runs it, and
/// turns failures into exit codes. 0 = success; 1 = usage or user error, reported as one line
/// "mae: error: ..." on stderr; 2 = an unexpected exception (a bug), reported with its type and
/// message. <c>--verbose</c>, accepted by every command, adds the stack trace.
/// </summary>
public static class CliApp
{
    /// <summary>The verbs of <c>mae</c>, in help order: one line per command.</summary>
    public static IReadOnlyList<ICliCommand> Commands { get; } =
    [
        new DemoCommand(),
        new InpaintCommand(),
        new PreviewCommand(),
        new ConvertCommand(),
        new InspectCommand(),
        new ValidateCommand(),
        new TrainCommand(),
        new ExportCommand(),
        new BenchCommand(),
        new SoakCommand(),
        new EvalCommand(),
        new FuzzCommand(),
        new VersionCommand(),
    ];

    private const string VerboseName = "--verbose";

    /// <summary>Runs <c>mae</c> with <paramref name="args"/> on the console; returns the exit code.</summary>
    public static int Run(string[] args) => Run(args, Console.Out, Console.Error, Commands);

    /// <summary>Runs <c>mae</c> with the given commands and writers (tests use this).</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, IReadOnlyList<ICliCommand> commands)
    {
        RootCommand root = CreateRoot(commands);
        ParseResult parseResult = root.Parse(args);
        if (parseResult.Action is ParseErrorAction)
        {
            stderr.WriteLine($"mae: error: {OneLine(parseResult.Errors[0].Message)} See '{CommandPath(parseResult)} --help'.");
            return 1;
        }

        var invocation = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return parseResult.Invoke(invocation);
        }
        catch (Exception ex) when (IsUserError(ex))
        {
            stderr.WriteLine($"mae: error: {OneLine(ex.Message)}");
            if (IsVerbose(parseResult))
            {
                stderr.WriteLine(ex);
            }

            return 1;
        }
        catch (Exception ex) when (NativeDependencyException.IsLoadFailure(ex))
        {
            // A native library (libtorch, OpenCV, ...) that failed to load where no layer named it: still the
            // environment, not a bug, so say which library and how to install what the project needs.
            var wrapped = new NativeDependencyException("a native library", NativeDependencyException.AllPackages, ex);
            stderr.WriteLine($"mae: error: {OneLine(wrapped.Message)}");
            if (IsVerbose(parseResult))
            {
                stderr.WriteLine(ex);
            }

            return 1;
        }
        catch (Exception ex)
        {
            bool verbose = IsVerbose(parseResult);
            string hint = verbose ? string.Empty : " (run with --verbose for the stack trace)";
            stderr.WriteLine($"mae: internal error: {ex.GetType().FullName}: {OneLine(ex.Message)}{hint}");
            if (verbose)
            {
                stderr.WriteLine(ex);
            }

            return 2;
        }
    }

    /// <summary>Whether <c>--verbose</c> was given (commands may print more detail when it is).</summary>
    public static bool IsVerbose(ParseResult parseResult) => parseResult.GetValue<bool>(VerboseName);

    /// <summary>
    /// Exceptions that report a problem with the user's input or environment rather than a bug:
    /// printed as one line with exit code 1. Add a type here when a layer defines its own.
    /// </summary>
    public static bool IsUserError(Exception ex) =>
        ex is CliException
            or WeightFileException
            or NoVulkanDeviceException
            or NativeDependencyException // names the library and the packages to install
            or VulkanException // names the failed call and its VkResult, or the unmatched MAE_DEVICE
            or IOException // includes Imaging.ImageFileException, FileNotFoundException
            or UnauthorizedAccessException;

    private static RootCommand CreateRoot(IReadOnlyList<ICliCommand> commands)
    {
        var root = new RootCommand("mae: real-time neural inpainting with a Masked Autoencoder on Vulkan compute.");
        root.Options.Add(new Option<bool>(VerboseName)
        {
            Description = "Show stack traces and extra detail on errors.",
            Recursive = true,
        });
        root.SetAction(parseResult => new HelpAction().Invoke(parseResult)); // bare "mae" shows help
        foreach (ICliCommand command in commands)
        {
            root.Subcommands.Add(command.Create());
        }

        return root;
    }

    private static string CommandPath(ParseResult parseResult)
    {
        var names = new List<string>();
        for (SymbolResult? result = parseResult.CommandResult; result is CommandResult commandResult; result = commandResult.Parent)
        {
            names.Add(commandResult.Command is RootCommand ? "mae" : commandResult.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
