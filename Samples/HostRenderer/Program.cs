using System.Globalization;
using MaeRealtime.HostRenderer;
using MaeRealtime.HostRenderer.Vulkan;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;

// The integration sample's command line. Exit codes: 0 success, 1 usage or input error, 2 Vulkan or internal
// error, 3 the run finished but the validation layer reported errors.
HostRendererOptions options;
try
{
    var parsed = CommandLine.Parse(args);
    if (parsed is null)
    {
        Console.WriteLine(CommandLine.Usage);
        return 0;
    }

    options = parsed;
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"host-renderer: error: {ex.Message}");
    Console.Error.WriteLine("Run with --help for the options.");
    return 1;
}

try
{
    var result = HostRendererApp.Run(options, Console.Out);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Frames.Count} frames written to {Path.GetFullPath(options.OutputDirectory)} in {result.Seconds:F1} s"));
    if (result.ValidationErrors > 0)
    {
        Console.Error.WriteLine($"host-renderer: error: {result.ValidationErrors} Vulkan validation error(s)");
        return 3;
    }

    return 0;
}
catch (Exception ex) when (ex is ArgumentException or FileNotFoundException or WeightFileException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"host-renderer: error: {ex.Message}");
    return 1;
}
catch (Exception ex) when (ex is HostVulkanException or VulkanException)
{
    Console.Error.WriteLine($"host-renderer: error: {ex.Message}");
    return 2;
}
catch (Exception ex)
{
    Console.Error.WriteLine($"host-renderer: internal error: {ex}");
    return 2;
}

namespace MaeRealtime.HostRenderer
{
    /// <summary>Parses the sample's command line into <see cref="HostRendererOptions"/>.</summary>
    public static class CommandLine
    {
        /// <summary>The --help text.</summary>
        public const string Usage = """
            MaeRealtime.HostRenderer: a headless host renderer that owns its Vulkan device, renders a panning
            background with moving occluders in front of it (its own compute pass: colour, depth, motion vectors,
            and the disocclusion holes the occluders leave), records MaeRealtime's inpaint pass into the same command
            buffer (2 frames in flight) and writes the frames as PNG.

            Usage: dotnet run --project Samples/HostRenderer -c Release -- [options]
              --frames N        frames to render (default 4)
              --width W         frame width (default 320)
              --height H        frame height (default 192)
              --out DIR         output folder (default out/host)
              --model FILE      weight file (default: the bundled Samples/Models/mae-default.maew)
              --side-by-side    write input | output side by side
              --occluders N     moving occluders (default 4)
              --fps F           scene time step per frame (default 30)
              --pan X,Y         camera pan in pixels per frame (default 1.5,0.5)
              --reveal N        frames a revealed pixel stays a hole (default 2)
              --stale ghost|magenta  what hole pixels of the input hold (default ghost: the occluder that hid them)
              --history         the runtime keeps a temporal history (FrameInpainterOptions.History)
              --no-depth        do not pass the depth image (reversed-Z) to the runtime
              --depth-format d32|r32  the depth image the runtime reads: an engine-style D32_SFLOAT depth buffer (default;
                                the scene's depth is copied into it) or the R32_SFLOAT image the scene pass writes
              --no-motion       do not pass the motion vectors (R16G16_SFLOAT) to the runtime
              --sequence-out DIR  also write a sequence folder (colour, mask, truth, depth, motion) for mae eval --sequence
              --validation      Khronos validation layer on (default: MAE_VALIDATION=1)
              --device NAME|N   Vulkan device by name part or index (default: MAE_DEVICE, else the best)
              --help            this text
            Exit codes: 0 success, 1 usage or input error, 2 Vulkan error, 3 validation errors.
            """;

        /// <summary>The options <paramref name="args"/> ask for; null when they ask for help.</summary>
        /// <exception cref="ArgumentException">An unknown option, a missing or malformed value.</exception>
        public static HostRendererOptions? Parse(IReadOnlyList<string> args)
        {
            var o = new HostRendererOptions();
            for (int i = 0; i < args.Count; i++)
            {
                string a = args[i];
                switch (a)
                {
                    case "--help" or "-h" or "-?":
                        return null;
                    case "--frames":
                        o = o with { Frames = Int(a, Value(args, ref i)) };
                        break;
                    case "--width":
                        o = o with { Width = Int(a, Value(args, ref i)) };
                        break;
                    case "--height":
                        o = o with { Height = Int(a, Value(args, ref i)) };
                        break;
                    case "--out":
                        o = o with { OutputDirectory = Value(args, ref i) };
                        break;
                    case "--model":
                        o = o with { ModelPath = Value(args, ref i) };
                        break;
                    case "--side-by-side":
                        o = o with { SideBySide = true };
                        break;
                    case "--occluders":
                        o = o with { Occluders = Int(a, Value(args, ref i)) };
                        break;
                    case "--fps":
                        string f = Value(args, ref i);
                        o = o with { FramesPerSecond = double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out double fps) ? fps : throw new ArgumentException($"--fps '{f}': expected a number.") };
                        break;
                    case "--pan":
                        o = o with { Pan = Pan(Value(args, ref i)) };
                        break;
                    case "--reveal":
                        o = o with { RevealFrames = Int(a, Value(args, ref i)) };
                        break;
                    case "--stale":
                        string stale = Value(args, ref i);
                        o = o with
                        {
                            Stale = stale switch
                            {
                                "ghost" => MaeRealtime.HostRenderer.Scene.StaleFill.Ghost,
                                "magenta" or "hole" => MaeRealtime.HostRenderer.Scene.StaleFill.HoleColor,
                                _ => throw new ArgumentException($"--stale '{stale}': expected ghost or magenta."),
                            },
                        };
                        break;
                    case "--history":
                        o = o with { History = true };
                        break;
                    case "--no-depth":
                        o = o with { Depth = false };
                        break;
                    case "--depth-format":
                        string df = Value(args, ref i);
                        o = o with
                        {
                            DepthFormat = df switch
                            {
                                "r32" => Silk.NET.Vulkan.Format.R32Sfloat,
                                "d32" => Silk.NET.Vulkan.Format.D32Sfloat,
                                _ => throw new ArgumentException($"--depth-format '{df}': expected r32 or d32."),
                            },
                        };
                        break;
                    case "--no-motion":
                        o = o with { Motion = false };
                        break;
                    case "--sequence-out":
                        o = o with { SequenceDirectory = Value(args, ref i) };
                        break;
                    case "--validation":
                        o = o with { Validation = true };
                        break;
                    case "--device":
                        o = o with { Device = Value(args, ref i) };
                        break;
                    default:
                        throw new ArgumentException($"Unknown option '{a}'.");
                }
            }

            o.Validate();
            return o;
        }

        private static string Value(IReadOnlyList<string> args, ref int i)
        {
            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{args[i]} needs a value.");
            }

            return args[++i];
        }

        private static System.Numerics.Vector2 Pan(string value)
        {
            string[] parts = value.Split(',');
            return parts.Length == 2
                && float.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out float x)
                && float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out float y)
                ? new System.Numerics.Vector2(x, y)
                : throw new ArgumentException($"--pan '{value}': expected X,Y (pixels per frame).");
        }

        private static int Int(string option, string value) =>
            int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : throw new ArgumentException($"{option} '{value}': expected an integer.");
    }
}
