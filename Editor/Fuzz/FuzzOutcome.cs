namespace MaeRealtime.Editor.Fuzz;

/// <summary>What one mutated input did to its reader.</summary>
public enum FuzzOutcome
{
    /// <summary>Refused with the reader's own exception type and a message naming the file: the expected answer to a bad file.</summary>
    Refused,

    /// <summary>Accepted, and the result keeps the format's documented rules (the mutation was harmless).</summary>
    Accepted,

    /// <summary>Any other exception, or a refusal whose message does not name the file: a bug.</summary>
    Crash,

    /// <summary>The reader ran past the per-case timeout: a bug.</summary>
    Hang,

    /// <summary>Accepted although the input breaks the format's documented rules: a bug.</summary>
    AcceptedInvalid,
}
