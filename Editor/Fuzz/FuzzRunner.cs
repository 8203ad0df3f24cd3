namespace MaeRealtime.Editor.Fuzz;

/// <summary>
/// Runs a fuzz campaign: case i mutates a seed with a generator seeded by (run seed, i), so any case can be replayed
/// alone; each case runs on its own thread and counts as a hang when it outlives the timeout.
/// </summary>
public static class FuzzRunner
{
    /// <summary>The reader and mutator for <paramref name="kind"/>, with seeds built in <paramref name="scratch"/>.</summary>
    public static IFuzzTarget CreateTarget(FuzzKind kind, string scratch) => kind switch
    {
        FuzzKind.Weights => new WeightFileFuzzTarget(scratch),
        FuzzKind.Safetensors => new SafetensorsFuzzTarget(scratch),
        FuzzKind.Pth => new PthFuzzTarget(scratch),
        FuzzKind.Image => new ImageFuzzTarget(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown fuzz kind"),
    };

    /// <summary>
    /// Runs <paramref name="cases"/> cases of <paramref name="kind"/> from <paramref name="seed"/>. Bad cases (crash, hang,
    /// accepted-invalid) are saved to <paramref name="failures"/> when given; <paramref name="progress"/> sees the report
    /// every <paramref name="progressEvery"/> cases.
    /// </summary>
    public static FuzzReport Run(FuzzKind kind, int cases, int seed, TimeSpan timeout, string? failures = null, Action<FuzzReport>? progress = null, int progressEvery = 1000)
    {
        var report = new FuzzReport { Kind = kind, Seed = seed };
        string scratch = Directory.CreateTempSubdirectory("mae-fuzz-").FullName;
        try
        {
            var target = CreateTarget(kind, scratch);
            for (int i = 0; i < cases; i++)
            {
                var random = new Random(unchecked((seed * 1_000_003) + i));
                int seedIndex = random.Next(target.SeedCount);
                byte[] bytes = target.Mutate(seedIndex, random, out string mutation);
                string caseDir = Path.Combine(scratch, $"case{i}");
                Directory.CreateDirectory(caseDir);
                string path = Path.Combine(caseDir, "input" + target.Extension(seedIndex));
                File.WriteAllBytes(path, bytes);
                var verdict = RunOne(target, path, caseDir, timeout);
                report.Add(i, mutation, verdict);
                if (verdict.Outcome is FuzzOutcome.Crash or FuzzOutcome.Hang or FuzzOutcome.AcceptedInvalid && failures is not null)
                {
                    Directory.CreateDirectory(failures);
                    File.WriteAllBytes(Path.Combine(failures, $"{kind.ToString().ToLowerInvariant()}-seed{seed}-case{i}{target.Extension(seedIndex)}"), bytes);
                }

                if (verdict.Outcome != FuzzOutcome.Hang)
                {
                    // A hung case's thread may still read its folder; leave it to the final cleanup.
                    TryDelete(caseDir);
                }

                if (progress is not null && (i + 1) % progressEvery == 0)
                {
                    progress(report);
                }
            }
        }
        finally
        {
            TryDelete(scratch);
        }

        return report;
    }

    /// <summary>
    /// A reader's own exception: a clean refusal when its message names one of <paramref name="paths"/> (every error must
    /// name the file), else a crash.
    /// </summary>
    public static FuzzVerdict Refusal(Exception ex, params string[] paths) =>
        paths.Any(p => ex.Message.Contains(p, StringComparison.Ordinal))
            ? new FuzzVerdict(FuzzOutcome.Refused, ex.Message)
            : new FuzzVerdict(FuzzOutcome.Crash, $"the refusal does not name the file: {ex.GetType().Name}: {ex.Message}");

    private static FuzzVerdict RunOne(IFuzzTarget target, string path, string caseDir, TimeSpan timeout)
    {
        FuzzVerdict? verdict = null;
        var thread = new Thread(() =>
        {
            try
            {
                verdict = target.Run(path, caseDir);
            }
            catch (Exception ex)
            {
                verdict = new FuzzVerdict(FuzzOutcome.Crash, $"{ex.GetType().FullName}: {ex.Message}");
            }
        })
        {
            IsBackground = true, // a hung case must not keep the process alive
        };
        thread.Start();
        return thread.Join(timeout) ? verdict! : new FuzzVerdict(FuzzOutcome.Hang, $"still running after {timeout.TotalSeconds:F0} s");
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
