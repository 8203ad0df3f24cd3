using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace MaeRealtime.Training.Data;

/// <summary>
/// Training images decoded once into memory, so every step cuts fresh crops without touching the disk or a decoder.
/// Images are downscaled on load until their short side is at most <see cref="DefaultMaxShortSide"/> to bound memory
/// (98 photos of up to 768 px take about 100 MB). Files that fail to decode are skipped, reported and counted.
/// </summary>
public sealed class ImageDataset
{
    /// <summary>The default bound on the short side of a decoded image, in pixels.</summary>
    public const int DefaultMaxShortSide = 512;

    // Far above any photo this project trains on; stops a hostile or mislabelled file from exhausting memory.
    private const long MaxSourcePixels = 100_000_000;

    private ImageDataset(IReadOnlyList<DecodedImage> images, IReadOnlyList<SkippedImage> skipped)
    {
        Images = images;
        Skipped = skipped;
    }

    /// <summary>The usable images, in the order their paths were given.</summary>
    public IReadOnlyList<DecodedImage> Images { get; }

    /// <summary>The files that could not be decoded.</summary>
    public IReadOnlyList<SkippedImage> Skipped { get; }

    /// <summary>Memory held by the decoded pixels.</summary>
    public long PixelBytes => Images.Sum(i => (long)i.Rgb.Length);

    /// <summary>A dataset of images already in memory (tests, synthetic data).</summary>
    public static ImageDataset FromImages(IEnumerable<DecodedImage> images)
    {
        var list = images.ToArray();
        foreach (var image in list)
        {
            image.Validate();
        }

        if (list.Length == 0)
        {
            throw new DatasetException("The dataset holds no image.");
        }

        return new ImageDataset(list, []);
    }

    /// <summary>
    /// Decodes <paramref name="paths"/> in parallel. A file that cannot be decoded is skipped with a call to
    /// <paramref name="warn"/>; if none can, the error names <paramref name="folder"/>.
    /// </summary>
    /// <param name="paths">Image files (full paths).</param>
    /// <param name="folder">The data folder, for messages.</param>
    /// <param name="maxShortSide">Images whose short side exceeds this are downscaled (bilinear) to it.</param>
    /// <param name="formats">The decoders; default <see cref="TrainingImageFormats.Configuration"/> (PNG and JPEG).</param>
    /// <param name="warn">Receives one line per skipped file.</param>
    /// <exception cref="DatasetException">No path given, or none of the files is readable.</exception>
    public static ImageDataset Load(IReadOnlyList<string> paths, string folder, int maxShortSide = DefaultMaxShortSide, Configuration? formats = null, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxShortSide, 1);
        if (paths.Count == 0)
        {
            throw new DatasetException($"Data folder '{folder}' has no training image (all images are held out for validation, or the folder is empty).");
        }

        formats ??= TrainingImageFormats.Configuration;
        var decoded = new DecodedImage?[paths.Count];
        var reasons = new string?[paths.Count];
        Parallel.For(0, paths.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                decoded[i] = Decode(paths[i], maxShortSide, formats);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Damaged files make decoders throw assorted exception types; one bad photo must never end a run.
                reasons[i] = Describe(ex);
            }
        });

        var images = new List<DecodedImage>(paths.Count);
        var skipped = new List<SkippedImage>();
        for (int i = 0; i < paths.Count; i++)
        {
            if (decoded[i] is { } image)
            {
                images.Add(image);
            }
            else
            {
                var skip = new SkippedImage(paths[i], reasons[i] ?? "unknown error");
                skipped.Add(skip);
                warn?.Invoke($"warning: skipping '{skip.Path}': {skip.Reason}");
            }
        }

        if (images.Count == 0)
        {
            throw new DatasetException($"Data folder '{folder}' has no readable image: all {paths.Count} file(s) failed to decode (first: '{skipped[0].Path}': {skipped[0].Reason}).");
        }

        return new ImageDataset(images, skipped);
    }

    /// <summary>Decodes one file to 8-bit RGB, downscaled so its short side is at most <paramref name="maxShortSide"/>.</summary>
    internal static DecodedImage Decode(string path, int maxShortSide, Configuration formats)
    {
        IImageInfo? info;
        using (var stream = File.OpenRead(path))
        {
            info = Image.Identify(formats, stream);
        }

        if (info is null)
        {
            throw new UnknownImageFormatException("not a PNG or JPEG image");
        }

        if ((long)info.Width * info.Height > MaxSourcePixels)
        {
            throw new InvalidImageContentException($"{info.Width}x{info.Height} is larger than the {MaxSourcePixels / 1_000_000} Mpixel limit");
        }

        using var image = Image.Load<Rgb24>(formats, path);
        int shortSide = Math.Min(image.Width, image.Height);
        if (shortSide > maxShortSide)
        {
            double scale = (double)maxShortSide / shortSide;
            int w = Math.Max(1, (int)Math.Round(image.Width * scale)), h = Math.Max(1, (int)Math.Round(image.Height * scale));
            image.Mutate(x => x.Resize(w, h, KnownResamplers.Triangle));
        }

        var rgb = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(rgb);
        return new DecodedImage(path, image.Width, image.Height, rgb);
    }

    private static string Describe(Exception ex) => ex switch
    {
        UnknownImageFormatException => "not a PNG or JPEG image",
        InvalidImageContentException => $"damaged image ({OneLine(ex.Message)})",
        _ => $"{ex.GetType().Name}: {OneLine(ex.Message)}",
    };

    private static string OneLine(string s) => string.Join(' ', s.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
