using MaeRealtime.Editor.Cli;
using MaeRealtime.Editor.Imaging;
using MaeRealtime.Training.Eval;

namespace MaeRealtime.Editor.Eval;

/// <summary>
/// The eval's images: every PNG/JPEG under a folder (recursive), in ordinal order of their relative paths
/// so runs are repeatable, decoded one at a time (a folder of large photos never sits in memory at once)
/// and cut to one square crop each. Unreadable images and images smaller than the crop are skipped with
/// a warning and counted.
/// </summary>
internal sealed class EvalImageFolder
{
    private static readonly string[] s_extensions = [".png", ".jpg", ".jpeg"];
    private readonly TextWriter _warnings;

    /// <summary>Lists the images under <paramref name="folder"/>; throws <see cref="CliException"/> when the folder is missing or holds none.</summary>
    public EvalImageFolder(string folder, int cropSize, bool randomCrops, int seed, int? maxImages, TextWriter warnings)
    {
        if (!Directory.Exists(folder))
        {
            throw new CliException(File.Exists(folder)
                ? $"--images '{folder}' is a file; expected a folder of PNG or JPEG images."
                : $"Image folder '{folder}' does not exist.");
        }

        Folder = folder;
        CropSize = cropSize;
        RandomCrops = randomCrops;
        Seed = seed;
        _warnings = warnings;
        var files = Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden })
            .Where(f => s_extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new CliException($"No PNG or JPEG images found under '{folder}'.");
        }

        Files = maxImages is int max ? files.Take(max).ToList() : files;
    }

    /// <summary>The folder the images come from.</summary>
    public string Folder { get; }

    /// <summary>Relative paths (with '/') of the images used, in order; they are the crops' ids.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Side length of the crops.</summary>
    public int CropSize { get; }

    /// <summary>Whether crops are placed by a seed per image instead of centred.</summary>
    public bool RandomCrops { get; }

    /// <summary>The run's seed.</summary>
    public int Seed { get; }

    /// <summary>Images skipped as unreadable.</summary>
    public int Unreadable { get; private set; }

    /// <summary>Images skipped as smaller than the crop.</summary>
    public int TooSmall { get; private set; }

    /// <summary>Decodes and crops the images lazily, in order, skipping (with a warning) those that cannot be used.</summary>
    public IEnumerable<EvalImage> Crops()
    {
        foreach (string id in Files)
        {
            RgbImage image;
            try
            {
                image = RgbImage.Load(Path.Combine(Folder, id));
            }
            catch (ImageFileException ex)
            {
                Unreadable++;
                _warnings.WriteLine($"mae eval: warning: skipped {ex.Message}");
                continue;
            }

            if (image.Width < CropSize || image.Height < CropSize)
            {
                TooSmall++;
                _warnings.WriteLine($"mae eval: warning: skipped '{id}': {image.Width}x{image.Height} is smaller than the {CropSize}x{CropSize} crop.");
                continue;
            }

            float[] crop = RandomCrops
                ? EvalCrop.Random(image.Pixels, image.Width, image.Height, CropSize, new Random(EvalSeeds.ForCrop(Seed, id)))
                : EvalCrop.Center(image.Pixels, image.Width, image.Height, CropSize);
            yield return new EvalImage(id, CropSize, crop);
        }
    }
}
