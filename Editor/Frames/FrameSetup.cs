using MaeRealtime.Editor.Cli;
using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.Editor.Frames;

/// <summary>What the commands that run the frame pass share: the device's size limit, options from the command line, and the inpainter.</summary>
internal static class FrameSetup
{
    /// <summary>Throws a <see cref="CliException"/> naming <paramref name="what"/> when a side exceeds the device's <c>maxImageDimension2D</c>.</summary>
    public static void CheckDeviceLimit(GpuContext context, int width, int height, string what)
    {
        uint max = context.Properties.Limits.MaxImageDimension2D;
        if ((uint)width > max || (uint)height > max)
        {
            throw new CliException($"{what} is {width}x{height}, larger than the {max}x{max} images device '{context.DeviceName}' allows (maxImageDimension2D); split it into smaller frames.");
        }
    }

    /// <summary>The help text of every command's <c>--overlap</c>.</summary>
    public const string OverlapHelp =
        "Pixels neighbouring tiles share (even, at most half the tile; default: about a third of the tile, neighbours half a patch out of step, 44 px for the default model).";

    /// <summary>Throws a <see cref="CliException"/> when the command line's <c>--overlap</c> does not suit <paramref name="config"/>'s tile.</summary>
    public static void CheckOverlap(int? overlap, MaeConfig config)
    {
        int tile = config.ImageSize;
        if (overlap is { } o && (o < 0 || o % 2 != 0 || o > tile / 2))
        {
            throw new CliException($"--overlap {o}: expected an even number of pixels from 0 to {tile / 2} (half the model's {tile}-pixel tile).");
        }
    }

    /// <summary>The help text of every command's <c>--context-radius</c>.</summary>
    public const string ContextRadiusHelp =
        "Context the encoder sees around the holes, in patches (0 = every visible patch of a tile; default: the model's own, see mae inspect).";

    /// <summary>Throws a <see cref="CliException"/> when the command line's <c>--context-radius</c> does not suit <paramref name="config"/>'s grid.</summary>
    public static void CheckContextRadius(int? radius, MaeConfig config)
    {
        if (radius is { } r && (r < 0 || r > config.GridSize))
        {
            throw new CliException($"--context-radius {r}: expected 0 (every visible patch) to {config.GridSize} (the model's {config.GridSize}-patch tile side).");
        }
    }

    /// <summary>Options for frames up to <paramref name="maxWidth"/> x <paramref name="maxHeight"/> with the command line's <c>--overlap</c> and <c>--feather</c>.</summary>
    public static FrameInpainterOptions Options(int maxWidth, int maxHeight, int? overlap, int feather, MaeConfig config, int? contextRadius = null)
    {
        CheckOverlap(overlap, config);
        CheckContextRadius(contextRadius, config);
        if (feather is < 0 or > 16)
        {
            throw new CliException($"--feather {feather}: expected 0..16 pixels.");
        }

        return new FrameInpainterOptions { MaxWidth = maxWidth, MaxHeight = maxHeight, TileOverlap = overlap, FeatherRadius = feather, ContextRadius = contextRadius };
    }

    /// <summary>The frame pass on CPU images; an option the runtime refuses is a user error.</summary>
    public static ImageInpainter CreateImageInpainter(GpuContext context, GpuWeights weights, FrameInpainterOptions options)
    {
        try
        {
            return new ImageInpainter(context, weights, options);
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message, ex);
        }
    }

    /// <summary>The frame pass for a host's command buffers; an option the runtime refuses is a user error.</summary>
    public static FrameInpainter CreateFrameInpainter(GpuContext context, GpuWeights weights, FrameInpainterOptions options)
    {
        try
        {
            return new FrameInpainter(context, weights, options);
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message, ex);
        }
    }

    /// <summary>Stage name to milliseconds (rounded), in <see cref="FrameInpainter.StageNames"/> order.</summary>
    public static Dictionary<string, double> Stages(ReadOnlySpan<double> stageMs, int digits = 4)
    {
        var stages = new Dictionary<string, double>();
        for (int i = 0; i < FrameInpainter.StageNames.Count; i++)
        {
            stages[FrameInpainter.StageNames[i]] = Math.Round(i < stageMs.Length ? stageMs[i] : 0, digits);
        }

        return stages;
    }
}
