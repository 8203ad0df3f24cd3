namespace MaeRealtime.Editor.Cli;

/// <summary>A user error a command detected (bad option value, mismatched inputs). Its message is printed as is, after "mae: error: ".</summary>
public sealed class CliException : Exception
{
    /// <summary>Creates the exception with the line the user will read.</summary>
    public CliException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the line the user will read and its cause.</summary>
    public CliException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
