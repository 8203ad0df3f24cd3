namespace MaeRealtime.Runtime.Model;

/// <summary>A weight file is missing, malformed or does not match its config. The message names the file, the field or tensor, and expected versus found.</summary>
public sealed class WeightFileException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public WeightFileException(string path, string message)
        : base($"Weight file '{path}': {message}")
    {
        FilePath = path;
    }

    /// <summary>The file that failed to load.</summary>
    public string FilePath { get; }
}
