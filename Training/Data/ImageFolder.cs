namespace MaeRealtime.Training.Data;

/// <summary>Finds the PNG and JPEG files of a data folder.</summary>
public static class ImageFolder
{
    /// <summary>File extensions taken as images (case-insensitive).</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".jpg", ".jpeg"];

    /// <summary>
    /// The images under <paramref name="root"/>, recursively, as paths relative to it with '/' separators, sorted
    /// ordinally so every machine lists them in the same order. Hidden files and folders are skipped.
    /// </summary>
    /// <exception cref="DatasetException">The folder is missing or holds no PNG/JPEG file.</exception>
    public static IReadOnlyList<string> ListImages(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (!Directory.Exists(root))
        {
            throw new DatasetException(File.Exists(root)
                ? $"Data folder '{root}' is a file; expected a folder of PNG/JPEG images."
                : $"Data folder '{root}' does not exist.");
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true };
        string full = Path.GetFullPath(root);
        var files = Directory.EnumerateFiles(full, "*", options)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Select(f => Path.GetRelativePath(full, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (files.Length == 0)
        {
            throw new DatasetException($"Data folder '{root}' holds no PNG or JPEG image (searched recursively for {string.Join(", ", Extensions)}).");
        }

        return files;
    }
}
