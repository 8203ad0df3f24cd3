using System.Globalization;
using MaeRealtime.Viewer.Glfw;

namespace MaeRealtime.Viewer.Capture;

/// <summary>
/// A replayable brush script (<c>--script FILE</c>): one command per line, coordinates in frame (image) pixels,
/// <c>#</c> starts a comment. Each command takes one frame unless it says otherwise:
/// <code>
/// paint X Y R                      a round dab of holes
/// erase X Y R                      erases a round dab
/// stroke X0 Y0 X1 Y1 R [FRAMES]    drags the painting brush along the segment, spread over FRAMES frames (default 1)
/// unstroke X0 Y0 X1 Y1 R [FRAMES]  the same with the eraser
/// key K                            presses key K: 1-5, H, C, R, M, T, P, F12
/// resize W H                       resizes the window (screen coordinates)
/// drop FILE                        as if FILE were dropped on the window (a .maew swaps the model)
/// wait N                           lets N frames pass
/// </code>
/// </summary>
internal sealed class BrushScript
{
    private readonly List<ScriptAction> _frames;

    private BrushScript(List<ScriptAction> frames) => _frames = frames;

    /// <summary>The per-frame actions, in order.</summary>
    public IReadOnlyList<ScriptAction> Frames => _frames;

    /// <summary>Reads and parses <paramref name="path"/>.</summary>
    /// <exception cref="FormatException">A line is malformed (the message names the file and line).</exception>
    public static BrushScript Load(string path) => Parse(File.ReadAllLines(path), path);

    /// <summary>Parses script lines; <paramref name="source"/> names them in errors.</summary>
    public static BrushScript Parse(IEnumerable<string> lines, string source)
    {
        var frames = new List<ScriptAction>();
        int number = 0;
        foreach (string raw in lines)
        {
            number++;
            int hash = raw.IndexOf('#', StringComparison.Ordinal);
            string[] words = (hash >= 0 ? raw[..hash] : raw).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }

            try
            {
                ParseLine(words, frames);
            }
            catch (FormatException ex)
            {
                throw new FormatException($"{source}:{number}: {ex.Message} (line: '{raw.Trim()}')", ex);
            }
        }

        return new BrushScript(frames);
    }

    private static void ParseLine(string[] w, List<ScriptAction> frames)
    {
        switch (w[0].ToLowerInvariant())
        {
            case "paint" or "erase":
                Expect(w, 4, 4, "X Y RADIUS");
                var kind = w[0].Equals("paint", StringComparison.OrdinalIgnoreCase) ? ScriptActionKind.Paint : ScriptActionKind.Erase;
                frames.Add(new ScriptAction(kind, Num(w[1]), Num(w[2]), Num(w[1]), Num(w[2]), Radius(w[3])));
                break;
            case "stroke" or "unstroke":
                Expect(w, 6, 7, "X0 Y0 X1 Y1 RADIUS [FRAMES]");
                var strokeKind = w[0].Equals("stroke", StringComparison.OrdinalIgnoreCase) ? ScriptActionKind.Paint : ScriptActionKind.Erase;
                double x0 = Num(w[1]), y0 = Num(w[2]), x1 = Num(w[3]), y1 = Num(w[4]), r = Radius(w[5]);
                int n = w.Length == 7 ? Count(w[6]) : 1;
                for (int i = 0; i < n; i++)
                {
                    double a = (double)i / n, b = (double)(i + 1) / n;
                    frames.Add(new ScriptAction(strokeKind, x0 + ((x1 - x0) * a), y0 + ((y1 - y0) * a), x0 + ((x1 - x0) * b), y0 + ((y1 - y0) * b), r));
                }

                break;
            case "key":
                Expect(w, 2, 2, "KEY");
                frames.Add(new ScriptAction(ScriptActionKind.Key, Key: KeyCode(w[1])));
                break;
            case "drop":
                if (w.Length < 2)
                {
                    throw new FormatException("'drop' takes FILE");
                }

                frames.Add(new ScriptAction(ScriptActionKind.Drop, Path: string.Join(' ', w[1..])));
                break;
            case "resize":
                Expect(w, 3, 3, "WIDTH HEIGHT");
                frames.Add(new ScriptAction(ScriptActionKind.Resize, X1: Count(w[1]), Y1: Count(w[2])));
                break;
            case "wait":
                Expect(w, 2, 2, "FRAMES");
                for (int i = Count(w[1]); i > 0; i--)
                {
                    frames.Add(new ScriptAction(ScriptActionKind.Wait));
                }

                break;
            default:
                throw new FormatException($"unknown command '{w[0]}' (expected paint, erase, stroke, unstroke, key, drop, resize or wait)");
        }
    }

    private static void Expect(string[] w, int min, int max, string usage)
    {
        if (w.Length < min || w.Length > max)
        {
            throw new FormatException($"'{w[0]}' takes {usage}");
        }
    }

    private static double Num(string s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v
            : throw new FormatException($"'{s}' is not a number");

    private static double Radius(string s)
    {
        double r = Num(s);
        return r > 0 ? r : throw new FormatException($"radius {s} must be positive");
    }

    private static int Count(string s) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 && n <= 100_000
            ? n
            : throw new FormatException($"'{s}' is not a whole number from 1 to 100000");

    private static int KeyCode(string s) => s.ToUpperInvariant() switch
    {
        "F12" => Keys.F12,
        "ESC" or "ESCAPE" => Keys.Escape,
        { Length: 1 } k when char.IsAsciiDigit(k[0]) || char.IsAsciiLetterUpper(k[0]) => k[0],
        _ => throw new FormatException($"unknown key '{s}' (expected a digit, a letter, F12 or ESC)"),
    };
}
