namespace MaeRealtime.Editor.Models;

/// <summary>Finds the weight file a command uses: the one the user named, else the bundled default model.</summary>
public static class ModelLocator
{
    /// <summary>File name of the bundled default model, copied next to the tool at build time.</summary>
    public const string DefaultModelFileName = "mae-default.maew";

    /// <summary>Where the build puts the bundled default model.</summary>
    public static string DefaultModelPath => Path.Combine(AppContext.BaseDirectory, "models", DefaultModelFileName);

    /// <summary>Resolves <paramref name="requested"/> (null: the default) to an existing path, or throws naming what is missing.</summary>
    public static string Resolve(string? requested)
    {
        if (requested is not null)
        {
            return File.Exists(requested)
                ? requested
                : throw new FileNotFoundException($"Model file '{requested}' does not exist.", requested);
        }

        return File.Exists(DefaultModelPath)
            ? DefaultModelPath
            : throw new FileNotFoundException($"No --model given and the bundled default model is missing at '{DefaultModelPath}' (rebuild the editor, or pass --model FILE).", DefaultModelPath);
    }
}
