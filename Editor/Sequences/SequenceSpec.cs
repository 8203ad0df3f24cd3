using MaeRealtime.Editor.Cli;

namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// What <c>mae eval --sequence</c> asks for: a comma-separated list of kinds, <c>static</c>, <c>pan</c>, <c>layered</c>
/// (one sequence per photo each) and <c>folder:DIR</c> (one sequence folder each; a path with a comma cannot be given here).
/// </summary>
internal sealed record SequenceSpec(bool Static, bool Pan, bool Layered, IReadOnlyList<string> Folders)
{
    /// <summary>The kinds as the option lists them.</summary>
    public const string Valid = "static, pan, layered, folder:DIR";

    /// <summary>Whether any kind needs photos (<c>--images</c>).</summary>
    public bool NeedsPhotos => Static || Pan || Layered;

    /// <summary>Parses the option's value; throws <see cref="CliException"/> naming a bad item and the valid ones.</summary>
    public static SequenceSpec Parse(string text)
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0)
        {
            throw new CliException($"--sequence is empty; valid: {Valid}.");
        }

        bool isStatic = false, pan = false, layered = false;
        var folders = new List<string>();
        foreach (string item in items)
        {
            if (item.Equals("static", StringComparison.OrdinalIgnoreCase))
            {
                isStatic = true;
            }
            else if (item.Equals("pan", StringComparison.OrdinalIgnoreCase))
            {
                pan = true;
            }
            else if (item.Equals("layered", StringComparison.OrdinalIgnoreCase))
            {
                layered = true;
            }
            else if (item.StartsWith("folder:", StringComparison.OrdinalIgnoreCase))
            {
                string dir = item["folder:".Length..];
                if (dir.Length == 0)
                {
                    throw new CliException($"--sequence item '{item}' names no folder; write folder:DIR.");
                }

                if (!folders.Contains(dir, StringComparer.Ordinal))
                {
                    folders.Add(dir);
                }
            }
            else
            {
                throw new CliException($"Unknown sequence kind '{item}' in --sequence; valid: {Valid}.");
            }
        }

        return new SequenceSpec(isStatic, pan, layered, folders);
    }
}
