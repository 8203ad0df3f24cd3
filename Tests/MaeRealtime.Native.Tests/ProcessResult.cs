namespace MaeRealtime.Native.Tests;

/// <summary>A finished child process: exit code and its whole output.</summary>
public sealed record ProcessResult(int ExitCode, string StdOut, string StdErr)
{
    /// <summary>Both streams, for assertion messages.</summary>
    public string All => $"exit {ExitCode}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
}
