namespace MaeRealtime.Training.Import;

/// <summary>A checkpoint cannot be read or does not fit the model; the message names the file and what is wrong.</summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception for <paramref name="source"/> (a path or a description).</summary>
    public CheckpointException(string source, string problem, Exception? inner = null)
        : base($"Checkpoint '{source}': {problem}", inner)
    {
        Source = source;
    }

    /// <summary>The checkpoint path or description.</summary>
    public new string Source { get; }
}
