namespace MaeRealtime.Editor.Import;

/// <summary>
/// A source checkpoint cannot become a weight file. <see cref="Summary"/> is one line naming the file and the reason;
/// <see cref="Problems"/> lists every missing, unexpected or wrongly shaped tensor, one per entry. The message is the
/// summary followed by the problems, one per line.
/// </summary>
public sealed class ImportException : Exception
{
    /// <summary>Creates the exception for <paramref name="source"/>.</summary>
    public ImportException(string source, string summary, IReadOnlyList<string>? problems = null, Exception? inner = null)
        : base(Compose(source, summary, problems), inner)
    {
        Source = source;
        Summary = $"Checkpoint '{source}': {summary}";
        Problems = problems ?? [];
    }

    /// <summary>The checkpoint path.</summary>
    public new string Source { get; }

    /// <summary>One line: the file and what is wrong.</summary>
    public string Summary { get; }

    /// <summary>Each problem on its own (missing tensor, unexpected tensor, wrong shape, unsupported dtype).</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Compose(string source, string summary, IReadOnlyList<string>? problems) =>
        problems is null || problems.Count == 0
            ? $"Checkpoint '{source}': {summary}"
            : $"Checkpoint '{source}': {summary}" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p));
}
