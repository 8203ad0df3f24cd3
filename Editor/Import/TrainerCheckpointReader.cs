namespace MaeRealtime.Editor.Import;

/// <summary>Reads this project's training checkpoints (<c>.maeckpt</c>), which record the whole config.</summary>
internal static class TrainerCheckpointReader
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    public static SourceCheckpoint Read(string path) =>
        throw new ImportException(path, "is a MaeRealtime training checkpoint; this build cannot read them yet.");
}
