namespace MaeRealtime.Viewer.Models;

/// <summary>The image and model the viewer opens when none is named: copies of Samples/ placed next to it at build time.</summary>
internal static class DefaultAssets
{
    /// <summary>The bundled default model (Samples/Models/mae-default.maew).</summary>
    public static string ModelPath => Path.Combine(AppContext.BaseDirectory, "models", "mae-default.maew");

    /// <summary>A held-out sample photo (Samples/Images, see LICENSES.md there): 584x388, shown 1:1 or 2:1.</summary>
    public static string ImagePath => Path.Combine(AppContext.BaseDirectory, "samples", "065_opencv-doc_rubberwhale1.jpg");

    /// <summary>Returns <paramref name="requested"/> or the default, or throws naming the missing file.</summary>
    public static string Resolve(string? requested, string defaultPath, string what)
    {
        string path = requested ?? defaultPath;
        if (File.Exists(path))
        {
            return path;
        }

        throw new FileNotFoundException(requested is null
            ? $"the bundled default {what} is missing at '{path}' (rebuild the viewer, or pass the file)"
            : $"{what} file '{path}' does not exist", path);
    }
}
