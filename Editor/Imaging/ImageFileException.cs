namespace MaeRealtime.Editor.Imaging;

/// <summary>An image or mask file could not be read or written. The message names the file and the reason.</summary>
public sealed class ImageFileException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public ImageFileException(string path, string message, Exception? inner = null)
        : base(message, inner)
    {
        FilePath = path;
    }

    /// <summary>The file that failed.</summary>
    public string FilePath { get; }
}
