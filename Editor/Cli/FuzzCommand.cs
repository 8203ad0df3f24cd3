using System.CommandLine;
using System.Globalization;
using MaeRealtime.Editor.Fuzz;

namespace MaeRealtime.Editor.Cli;

/// <summary>
/// <c>mae fuzz --kind weights|safetensors|pth|image --cases N --seed S</c>: feeds structure-aware mutations of valid
/// files to the code that reads them (Editor/Fuzz) and counts the outcomes: refused with a clear error, accepted and
/// valid, crash or internal error, hang, accepted though it breaks the format's rules. Exit code 0 only when there
/// were no crashes, hangs or invalid acceptances; the bad cases are saved for replay.
/// </summary>
public sealed class FuzzCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var kind = new Option<FuzzKind>("--kind") { Description = "Input kind: weights, safetensors, pth or image.", Required = true };
        var cases = new Option<int>("--cases") { Description = "Mutated files to try.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Run seed; case i of a seed is always the same file.", DefaultValueFactory = _ => 1 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds one case may run before it counts as a hang.", DefaultValueFactory = _ => 20 };
        var failures = new Option<string>("--failures") { Description = "Folder for the bad cases' files.", DefaultValueFactory = _ => Path.Combine("out", "fuzz") };
        var command = new Command("fuzz", "Fuzz a file reader with mutated weight files, safetensors, .pth checkpoints or images.") { kind, cases, seed, timeout, failures };
        command.SetAction(r => Run(r.InvocationConfiguration.Output, r.GetValue(kind), r.GetValue(cases), r.GetValue(seed), r.GetValue(timeout), r.GetRequiredValue(failures)));
        return command;
    }

    private static int Run(TextWriter stdout, FuzzKind kind, int cases, int seed, double timeout, string failures)
    {
        if (cases < 1)
        {
            throw new CliException($"--cases must be at least 1 (found {cases}).");
        }

        if (!(timeout > 0))
        {
            throw new CliException($"--timeout must be a positive number of seconds (found {timeout.ToString(CultureInfo.InvariantCulture)}).");
        }

        var started = DateTime.UtcNow;
        var report = FuzzRunner.Run(kind, cases, seed, TimeSpan.FromSeconds(timeout), failures,
            r => stdout.WriteLine($"  {r.Summary()} ({(DateTime.UtcNow - started).TotalSeconds:F0} s)"), progressEvery: Math.Max(100, cases / 20));
        stdout.WriteLine($"mae fuzz: {report.Summary()} in {(DateTime.UtcNow - started).TotalSeconds:F0} s");
        foreach (string bad in report.BadCases)
        {
            stdout.WriteLine($"  {bad}");
        }

        if (report.Bugs > 0)
        {
            throw new CliException($"fuzz {kind.ToString().ToLowerInvariant()}: {report.Bugs} case(s) crashed, hung or were accepted though invalid (listed above; files in {Path.GetFullPath(failures)}).");
        }

        return 0;
    }
}
