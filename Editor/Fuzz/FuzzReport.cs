namespace MaeRealtime.Editor.Fuzz;

/// <summary>The counts of one fuzz run and the first few bad cases.</summary>
public sealed class FuzzReport
{
    private readonly Dictionary<FuzzOutcome, int> _counts = Enum.GetValues<FuzzOutcome>().ToDictionary(o => o, _ => 0);
    private readonly List<string> _bad = [];

    /// <summary>The input kind.</summary>
    public required FuzzKind Kind { get; init; }

    /// <summary>The run's seed.</summary>
    public required int Seed { get; init; }

    /// <summary>Cases run.</summary>
    public int Cases { get; private set; }

    /// <summary>Cases per outcome.</summary>
    public IReadOnlyDictionary<FuzzOutcome, int> Counts => _counts;

    /// <summary>The first bad cases (crash, hang, accepted-invalid): case number, mutation and detail.</summary>
    public IReadOnlyList<string> BadCases => _bad;

    /// <summary>Cases that are bugs: crashes, hangs and accepted files that break the format's rules.</summary>
    public int Bugs => _counts[FuzzOutcome.Crash] + _counts[FuzzOutcome.Hang] + _counts[FuzzOutcome.AcceptedInvalid];

    /// <summary>Records case <paramref name="index"/>.</summary>
    public void Add(int index, string mutation, FuzzVerdict verdict)
    {
        Cases++;
        _counts[verdict.Outcome]++;
        if (verdict.Outcome is FuzzOutcome.Crash or FuzzOutcome.Hang or FuzzOutcome.AcceptedInvalid && _bad.Count < 20)
        {
            _bad.Add($"case {index} ({mutation}): {verdict.Outcome}: {verdict.Detail}");
        }
    }

    /// <summary>One line: kind, cases and each outcome's count.</summary>
    public string Summary() =>
        $"{Kind.ToString().ToLowerInvariant()}: {Cases} cases (seed {Seed}): refused {_counts[FuzzOutcome.Refused]}, accepted {_counts[FuzzOutcome.Accepted]}, "
        + $"crash {_counts[FuzzOutcome.Crash]}, hang {_counts[FuzzOutcome.Hang]}, accepted-invalid {_counts[FuzzOutcome.AcceptedInvalid]}";
}
