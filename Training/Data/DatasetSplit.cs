using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MaeRealtime.Runtime;

namespace MaeRealtime.Training.Data;

/// <summary>
/// The train / validation split of a data folder by whole source image: an image is held out when a stable hash
/// of its path relative to the folder falls below the validation fraction. The split needs no state, does not
/// depend on which other files exist, and never puts crops of one photo into both sets. The trainer only reads
/// <see cref="Train"/>; evaluation uses <see cref="Validation"/>.
/// </summary>
public sealed class DatasetSplit
{
    private DatasetSplit(string root, double validationFraction, IReadOnlyList<string> train, IReadOnlyList<string> validation)
    {
        Root = root;
        ValidationFraction = validationFraction;
        TrainRelative = train;
        ValidationRelative = validation;
    }

    /// <summary>The data folder (full path).</summary>
    public string Root { get; }

    /// <summary>The fraction of source images held out (in expectation; the hash decides per image).</summary>
    public double ValidationFraction { get; }

    /// <summary>Training images, relative to <see cref="Root"/> with '/' separators, sorted ordinally.</summary>
    public IReadOnlyList<string> TrainRelative { get; }

    /// <summary>Held-out images, relative to <see cref="Root"/> with '/' separators, sorted ordinally.</summary>
    public IReadOnlyList<string> ValidationRelative { get; }

    /// <summary>Training images as full paths.</summary>
    public IReadOnlyList<string> Train => TrainRelative.Select(FullPath).ToArray();

    /// <summary>Held-out images as full paths.</summary>
    public IReadOnlyList<string> Validation => ValidationRelative.Select(FullPath).ToArray();

    /// <summary>Splits the PNG/JPEG files under <paramref name="root"/> (see <see cref="ImageFolder.ListImages"/>).</summary>
    /// <exception cref="DatasetException">The folder is missing or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validationFraction"/> is outside [0, 1).</exception>
    public static DatasetSplit Create(string root, double validationFraction)
    {
        CheckFraction(validationFraction);
        var files = ImageFolder.ListImages(root);
        var train = files.Where(f => !IsValidation(f, validationFraction)).ToArray();
        var validation = files.Where(f => IsValidation(f, validationFraction)).ToArray();
        return new DatasetSplit(Path.GetFullPath(root), validationFraction, train, validation);
    }

    /// <summary>Whether the image at <paramref name="relativePath"/> (relative to the data folder) is held out.</summary>
    public static bool IsValidation(string relativePath, double validationFraction)
    {
        CheckFraction(validationFraction);
        return HashUnit(relativePath) < validationFraction;
    }

    /// <summary>
    /// A number in [0, 1) fixed by the path alone: the first 8 bytes of SHA-256 over the UTF-8 path (separators
    /// normalized to '/'), as a fraction of 2^64. Stable across machines, runtimes and folder moves.
    /// </summary>
    public static double HashUnit(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(relativePath.Replace('\\', '/')), hash);
        ulong top = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash);
        return (top >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>Writes the split as JSON (<c>{"root","validationFraction","train":[...],"validation":[...]}</c>) atomically.</summary>
    public void Save(string path)
    {
        var document = new { root = Root, validationFraction = ValidationFraction, train = TrainRelative, validation = ValidationRelative };
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(document, new JsonSerializerOptions { WriteIndented = true });
        AtomicFile.WriteAllBytes(path, bytes);
    }

    private string FullPath(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    private static void CheckFraction(double fraction)
    {
        if (!(fraction >= 0 && fraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "validation fraction must be in [0, 1).");
        }
    }
}
