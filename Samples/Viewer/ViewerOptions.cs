using System.Globalization;

namespace MaeRealtime.Viewer;

/// <summary>The viewer's command line.</summary>
internal sealed record ViewerOptions
{
    public const string Usage = """
        Usage: mae view [options]
          --image FILE          image to paint on (PNG or JPEG; default: the bundled sample photo)
          --model FILE          weight file (.maew; default: the bundled default model)
          --script FILE         replay brush strokes from FILE (see README: Sample viewer)
          --frames N            render N frames, then exit (with --screenshot: write it from frame N)
          --screenshot FILE     PNG written from the last frame of --frames (P or F12 write one any time)
          --window WxH          window size in pixels (default: the image at 1:1 or 2:1, fitted to the screen)
          --view N              first view: 1 composite, 2 input + mask, 3 reconstruction, 4 error, 5 tile grid
          --continuous          run the inpaint pass every frame, not only when the mask or model changed
          --no-vsync            present without waiting for vertical blank (IMMEDIATE or MAILBOX when offered)
          --no-history          start with the runtime's temporal history off (T toggles it)
          --help                this text
        Keys: left mouse paints holes, right mouse erases, wheel sets the brush size; 1-5 views, H help,
        C clears the holes, R reloads the model (or drop a .maew file on the window), P/F12 screenshot, Esc quits;
        M starts or stops a moving occluder (a disc of holes bouncing over the image), T turns the temporal history
        on or off; the HUD shows the flicker of the fills (8-bit levels) since the last toggle.
        """;

    public string? Image { get; init; }

    public string? Model { get; init; }

    public string? Script { get; init; }

    public int? Frames { get; init; }

    public string? Screenshot { get; init; }

    public (int Width, int Height)? Window { get; init; }

    public int View { get; init; } = 1;

    public bool Continuous { get; init; }

    public bool Vsync { get; init; } = true;

    /// <summary>Whether the frame pass starts with a temporal history (default true; T toggles it).</summary>
    public bool History { get; init; } = true;

    public bool Help { get; init; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with a one-line reason.</summary>
    public static ViewerOptions Parse(IReadOnlyList<string> args)
    {
        var o = new ViewerOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{a} needs a value");
            o = a switch
            {
                "--image" => o with { Image = Value() },
                "--model" => o with { Model = Value() },
                "--script" => o with { Script = Value() },
                "--frames" => o with { Frames = Positive(a, Value()) },
                "--screenshot" => o with { Screenshot = Value() },
                "--window" => o with { Window = Size(Value()) },
                "--view" => o with { View = ParseView(Value()) },
                "--continuous" => o with { Continuous = true },
                "--no-vsync" => o with { Vsync = false },
                "--no-history" => o with { History = false },
                "--help" or "-h" => o with { Help = true },
                _ => throw new ArgumentException($"unknown option '{a}' (see --help)"),
            };
        }

        if (o.Screenshot is not null && o.Frames is null)
        {
            throw new ArgumentException("--screenshot needs --frames N (the frame to capture); P or F12 take screenshots interactively");
        }

        return o;
    }

    private static int Positive(string option, string s) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1
            ? n
            : throw new ArgumentException($"{option} expects a positive whole number, got '{s}'");

    private static int ParseView(string s) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= 5
            ? n
            : throw new ArgumentException($"--view expects 1 to 5, got '{s}'");

    private static (int, int) Size(string s)
    {
        string[] parts = s.Split('x', 'X');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int w)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int h)
            && w is >= 64 and <= 8192 && h is >= 64 and <= 8192
            ? (w, h)
            : throw new ArgumentException($"--window expects WIDTHxHEIGHT (64 to 8192 each), got '{s}'");
    }
}
