using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace MaeRealtime.HostRenderer.Output;

/// <summary>
/// Writes a sequence folder (<c>mae eval --sequence folder:DIR</c> reads it):
/// <code>
/// DIR/sequence.json     {"format":"mae-sequence","version":1,"width","height","frames","depth","motion","description"}
/// DIR/color/NNNN.png    RGBA8 input, stale data in the holes
/// DIR/mask/NNNN.png     8-bit grey, 255 = hole
/// DIR/truth/NNNN.png    RGBA8 full render
/// DIR/depth/NNNN.pfm    "Pf" float32 depth (when depth is not "none")
/// DIR/motion/NNNN.pfm   "PF" float32 x, y, 0 in pixels (when motion is not "none")
/// </code>
/// Every file is written to a temporary name and renamed, and sequence.json last (<see cref="Finish"/>): a folder with a
/// manifest is complete (docs/SEQUENCES.md). A non-empty folder is replaced only when it is a sequence (a mae-sequence
/// sequence.json) or what an interrupted run leaves (nothing but the frame folders); anything else is refused.
/// </summary>
public sealed class SequenceWriter
{
    /// <summary>The subfolders of a sequence.</summary>
    public static readonly string[] Folders = ["color", "mask", "truth", "depth", "motion"];

    private static readonly PngEncoder RgbaEncoder = new() { ColorType = PngColorType.RgbWithAlpha, BitDepth = PngBitDepth.Bit8 };
    private static readonly PngEncoder GreyEncoder = new() { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 };
    private readonly string _root;
    private readonly int _width, _height;
    private readonly string _depth, _motion, _description;

    private SequenceWriter(string root, int width, int height, string depth, string motion, string description)
    {
        (_root, _width, _height, _depth, _motion, _description) = (root, width, height, depth, motion, description);
    }

    /// <summary>
    /// Prepares <paramref name="directory"/> for a <paramref name="width"/> x <paramref name="height"/> sequence with depth
    /// convention <paramref name="depth"/> (none, standard, reversed, linear) and motion <paramref name="motion"/> (none, to-previous).
    /// </summary>
    /// <exception cref="IOException">The folder is not empty and holds no sequence.</exception>
    public static SequenceWriter Create(string directory, int width, int height, string depth, string motion, string description)
    {
        if (depth is not ("none" or "standard" or "reversed" or "linear"))
        {
            throw new ArgumentException($"sequence depth '{depth}': expected none, standard, reversed or linear.");
        }

        if (motion is not ("none" or "to-previous"))
        {
            throw new ArgumentException($"sequence motion '{motion}': expected none or to-previous.");
        }

        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            if (!IsSequence(directory) && !IsInterruptedSequence(directory))
            {
                throw new IOException($"--sequence-out {directory}: the folder is not empty and holds no sequence (no mae-sequence sequence.json); refusing to overwrite it.");
            }

            File.Delete(Path.Combine(directory, "sequence.json")); // the folder is incomplete until Finish writes it again

            foreach (string folder in Folders)
            {
                string sub = Path.Combine(directory, folder);
                if (Directory.Exists(sub))
                {
                    Directory.Delete(sub, recursive: true);
                }
            }
        }

        Directory.CreateDirectory(directory);
        var writer = new SequenceWriter(directory, width, height, depth, motion, description);
        foreach (string folder in writer.UsedFolders())
        {
            Directory.CreateDirectory(Path.Combine(directory, folder));
        }

        return writer;
    }

    /// <summary>Whether <paramref name="directory"/> holds a sequence.json of format mae-sequence.</summary>
    public static bool IsSequence(string directory)
    {
        string manifest = Path.Combine(directory, "sequence.json");
        if (!File.Exists(manifest))
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(manifest));
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("format", out var format)
                && format.ValueKind == JsonValueKind.String
                && format.GetString() == "mae-sequence";
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Whether <paramref name="directory"/> holds nothing but frame folders (a run stopped before its manifest).</summary>
    public static bool IsInterruptedSequence(string directory) =>
        Directory.EnumerateFiles(directory).All(f => Path.GetFileName(f).StartsWith("sequence.json", StringComparison.Ordinal) && f.EndsWith(".tmp", StringComparison.Ordinal))
        && Directory.EnumerateDirectories(directory).All(d => Folders.Contains(Path.GetFileName(d)));

    /// <summary>The file of frame <paramref name="frame"/> in <paramref name="folder"/> (png or pfm by folder).</summary>
    public static string FrameFile(string directory, string folder, long frame) =>
        Path.Combine(directory, folder, $"{frame:D4}.{(folder is "depth" or "motion" ? "pfm" : "png")}");

    /// <summary>Writes frame <paramref name="frame"/>'s files (depth and motion where given and the sequence has them).</summary>
    public void WriteFrame(long frame, ReadOnlySpan<byte> color, ReadOnlySpan<byte> mask, ReadOnlySpan<byte> truth, ReadOnlySpan<float> depth, ReadOnlySpan<float> motion)
    {
        WriteRgba(FrameFile(_root, "color", frame), color);
        WriteRgba(FrameFile(_root, "truth", frame), truth);
        using (var image = Image.LoadPixelData<L8>(PngFrameWriter.Configuration, mask, _width, _height))
        {
            AtomicFile.Write(FrameFile(_root, "mask", frame), s => image.Save(s, GreyEncoder));
        }

        if (_depth != "none")
        {
            PfmWriter.WriteGray(FrameFile(_root, "depth", frame), _width, _height, depth);
        }

        if (_motion != "none")
        {
            PfmWriter.WriteVectors(FrameFile(_root, "motion", frame), _width, _height, motion);
        }
    }

    /// <summary>Writes sequence.json with the number of frames written, completing the folder.</summary>
    public void Finish(int frames) => WriteManifest(frames);

    private IEnumerable<string> UsedFolders() =>
        Folders.Where(f => (f != "depth" || _depth != "none") && (f != "motion" || _motion != "none"));

    private void WriteRgba(string path, ReadOnlySpan<byte> rgba)
    {
        using var image = Image.LoadPixelData<Rgba32>(PngFrameWriter.Configuration, rgba, _width, _height);
        AtomicFile.Write(path, s => image.Save(s, RgbaEncoder));
    }

    private void WriteManifest(int frames)
    {
        var manifest = new Dictionary<string, object>
        {
            ["format"] = "mae-sequence",
            ["version"] = 1,
            ["width"] = _width,
            ["height"] = _height,
            ["frames"] = frames,
            ["depth"] = _depth,
            ["motion"] = _motion,
            ["description"] = _description,
        };
        AtomicFile.Write(Path.Combine(_root, "sequence.json"), JsonSerializer.SerializeToUtf8Bytes(manifest, new JsonSerializerOptions { WriteIndented = true }));
    }
}
