namespace MaeRealtime.HostRenderer;

/// <summary>Finds the weight file: the one asked for, else the bundled default model.</summary>
public static class ModelLocator
{
    /// <summary>The bundled default model's path inside the repository.</summary>
    public const string RepositoryPath = "Samples/Models/mae-default.maew";

    /// <summary>
    /// <paramref name="path"/> when given (it must exist); else <c>models/mae-default.maew</c> next to the sample's
    /// assembly (the build copies it there), else <see cref="RepositoryPath"/> under the first folder above the
    /// assembly or the current folder that has it.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file asked for, or the default model, is not there.</exception>
    public static string Resolve(string? path)
    {
        if (path is not null)
        {
            return File.Exists(path) ? Path.GetFullPath(path) : throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        }

        var tried = new List<string>();
        string beside = Path.Combine(AppContext.BaseDirectory, "models", "mae-default.maew");
        tried.Add(beside);
        if (File.Exists(beside))
        {
            return beside;
        }

        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, RepositoryPath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            tried.Add($"{RepositoryPath} above {start}");
        }

        throw new FileNotFoundException($"The default model was not found (looked for {string.Join("; ", tried)}); pass --model FILE.");
    }
}
