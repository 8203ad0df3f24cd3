namespace MaeRealtime.Training.Data;

/// <summary>The training data cannot be used (missing or empty folder, no readable image); the message names the folder.</summary>
public sealed class DatasetException : Exception
{
    /// <summary>Creates the exception with the line the user will read.</summary>
    public DatasetException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
