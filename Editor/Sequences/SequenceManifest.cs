using System.Text;
using System.Text.Json;
using MaeRealtime.Editor.Cli;
using MaeRealtime.Editor.Imaging;
using MaeRealtime.Runtime;

namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// <c>sequence.json</c>, the head of a sequence folder (docs/SEQUENCES.md):
/// <c>{"format":"mae-sequence","version":1,"width","height","frames","depth","motion","description"}</c>. Read with
/// every field checked (a folder is written by another program), each error naming the file, the field, what was
/// expected and what was found. Fields this version does not know are ignored, so later writers may add some.
/// </summary>
internal sealed record SequenceManifest(int Width, int Height, int Frames, SequenceDepth Depth, SequenceMotion Motion, string Description)
{
    /// <summary>The file name inside the folder.</summary>
    public const string FileName = "sequence.json";

    /// <summary>The value of <c>"format"</c>.</summary>
    public const string Format = "mae-sequence";

    /// <summary>The version this reader and writer speak.</summary>
    public const int Version = 1;

    /// <summary>Most frames a folder may hold (an hour at 30 fps; a bound on what a damaged count makes us look for).</summary>
    public const int MaxFrames = 108_000;

    /// <summary>Reads <c>DIR/sequence.json</c>.</summary>
    public static SequenceManifest Read(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!Directory.Exists(directory))
        {
            throw new CliException($"Sequence folder '{directory}' does not exist.");
        }

        if (!File.Exists(path))
        {
            throw new CliException($"Sequence folder '{directory}' has no {FileName} (docs/SEQUENCES.md describes the folder).");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new CliException($"'{path}' is not valid JSON: {ex.Message}", ex);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CliException($"'{path}': expected a JSON object; found {root.ValueKind}.");
            }

            string format = String(root, "format", path) ?? throw Missing(path, "format", $"\"{Format}\"");
            if (format != Format)
            {
                throw new CliException($"'{path}': \"format\" must be \"{Format}\"; found \"{format}\".");
            }

            int version = Int(root, "version", path, 1, int.MaxValue) ?? throw Missing(path, "version", Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (version != Version)
            {
                throw new CliException($"'{path}': \"version\" {version} is not supported; this mae reads version {Version}.");
            }

            int width = Int(root, "width", path, 1, ImageLimits.MaxSide) ?? throw Missing(path, "width", "the frame width in pixels");
            int height = Int(root, "height", path, 1, ImageLimits.MaxSide) ?? throw Missing(path, "height", "the frame height in pixels");
            if (!ImageLimits.Allows(width, height))
            {
                throw new CliException($"'{path}': {ImageLimits.Describe(width, height)}.");
            }

            int frames = Int(root, "frames", path, 1, MaxFrames) ?? throw Missing(path, "frames", "the number of frames");
            var depth = SequenceConventions.ParseDepth(String(root, "depth", path) ?? "none", $"'{path}': \"depth\"");
            var motion = SequenceConventions.ParseMotion(String(root, "motion", path) ?? "none", $"'{path}': \"motion\"");
            string description = String(root, "description", path) ?? string.Empty;
            return new SequenceManifest(width, height, frames, depth, motion, description);
        }
    }

    /// <summary>Writes this manifest to <c>DIR/sequence.json</c> atomically.</summary>
    public void Write(string directory)
    {
        var document = new Dictionary<string, object>
        {
            ["format"] = Format,
            ["version"] = Version,
            ["width"] = Width,
            ["height"] = Height,
            ["frames"] = Frames,
            ["depth"] = SequenceConventions.Name(Depth),
            ["motion"] = SequenceConventions.Name(Motion),
            ["description"] = Description,
        };
        Directory.CreateDirectory(directory);
        AtomicFile.WriteAllBytes(Path.Combine(directory, FileName), Encoding.UTF8.GetBytes(JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }) + "\n"));
    }

    private static CliException Missing(string path, string field, string expected) =>
        new($"'{path}': \"{field}\" is missing; expected {expected}.");

    private static string? String(JsonElement root, string field, string path)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new CliException($"'{path}': \"{field}\" must be a string; found {value.ValueKind}.");
    }

    private static int? Int(JsonElement root, string field, string path, int min, int max)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int n))
        {
            throw new CliException($"'{path}': \"{field}\" must be a whole number from {min} to {max}; found {value.GetRawText()}.");
        }

        return n >= min && n <= max ? n : throw new CliException($"'{path}': \"{field}\" must be from {min} to {max}; found {n}.");
    }
}
