using System.Text.Json;
using MaeRealtime.Editor.Cli;
using MaeRealtime.Editor.Frames;
using MaeRealtime.Editor.Imaging;
using MaeRealtime.Editor.Models;
using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// <c>mae inpaint --image-dir --mask-dir --out-dir --sequence</c>: the images are consecutive frames of one sequence,
/// paired with masks as the batch form pairs them (by file name without extension) and filled in ordinal file-name
/// order by one inpainter with History = true, so each fill builds on the previous ones. Motion vectors and depth, when
/// given, are <c>NAME.pfm</c> files matched by the frame's name (docs/SEQUENCES.md); without motion the camera is taken
/// to be still. Everything is checked before the device is touched: every frame paired, one size for all, every guide
/// file present. A frame without a mask is an error here (the batch form skips it): a gap would break the sequence.
/// </summary>
internal static class SequenceInpaint
{
    private static readonly string[] s_pfm = [".pfm"];

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(TextWriter stdout, TextWriter stderr, string imageDir, string maskDir, string outDir, SequenceInpaintGuides guides, InpaintCommand.Common o)
    {
        var conventions = guides.Flags();
        var pairs = InpaintCommand.Pair(imageDir, maskDir, stderr, out var unpairedImages, out var unpairedMasks);
        if (unpairedImages.Count + unpairedMasks.Count > 0)
        {
            string first = unpairedImages.Count > 0 ? $"image '{unpairedImages[0]}' has no mask" : $"mask '{unpairedMasks[0]}' has no image";
            throw new CliException($"--sequence: {first} ({unpairedImages.Count} image(s) and {unpairedMasks.Count} mask(s) unpaired); every frame of a sequence needs both.");
        }

        foreach (var (option, dir) in new[] { ("--image-dir", imageDir), ("--mask-dir", maskDir), ("--motion-dir", guides.MotionDir), ("--depth-dir", guides.DepthDir) })
        {
            if (dir is not null && InpaintCommand.SameFolder(outDir, dir))
            {
                throw new CliException($"--out-dir '{outDir}' is the {option} folder; choose another folder so no input is overwritten.");
            }
        }

        var (width, height) = ImageFile.Identify(pairs[0].Image, "image");
        foreach (var (_, image, mask) in pairs)
        {
            var size = ImageFile.Identify(image, "image");
            InpaintCommand.CheckSameSize(image, size, mask, ImageFile.Identify(mask, "mask"));
            if (size != (width, height))
            {
                throw new CliException($"--sequence: frame '{image}' is {size.Width}x{size.Height} but the first frame '{pairs[0].Image}' is {width}x{height}; a sequence has one size.");
            }
        }

        var motionFiles = GuideFiles(guides.MotionDir, "--motion-dir", "motion", pairs, firstMayLack: true, stderr);
        var depthFiles = GuideFiles(guides.DepthDir, "--depth-dir", "depth", pairs, firstMayLack: false, stderr);

        var weightsFile = WeightFile.Load(ModelLocator.Resolve(o.Model));
        var options = FrameSetup.Options(width, height, o.Overlap, o.Feather, weightsFile.Config, o.ContextRadius) with { History = true };
        using var context = GpuContext.Create(new GpuContextOptions { Device = o.Device, Validation = o.Validation ? true : null });
        FrameSetup.CheckDeviceLimit(context, width, height, $"Frame '{pairs[0].Image}'");
        using var weights = new GpuWeights(context, weightsFile);
        using var inpainter = FrameSetup.CreateImageInpainter(context, weights, options);
        Directory.CreateDirectory(outDir);
        var done = new List<object>();
        double totalGpuMs = 0;
        var output = new byte[width * height * 4];
        for (int t = 0; t < pairs.Count; t++)
        {
            var (name, imagePath, maskPath) = pairs[t];
            byte[] color = SequenceGuideFiles.LoadRgba(imagePath, "image", width, height);
            byte[] mask = SequenceGuideFiles.LoadMask(maskPath, width, height);
            string? motionPath = motionFiles?.GetValueOrDefault(name), depthPath = depthFiles?.GetValueOrDefault(name);
            float[]? motion = motionPath is null ? null : SequenceGuideFiles.LoadMotion(motionPath, width, height);
            float[]? depth = depthPath is null ? null : SequenceGuideFiles.LoadDepth(depthPath, width, height);
            var flags = conventions | (t == 0 ? FrameFlags.CameraCut : FrameFlags.None);
            inpainter.Inpaint(color, mask, width, height, output, new ImageGuides { Motion = motion ?? [], Depth = depth ?? [], Flags = flags });
            InpaintCommand.CheckValidation(context);
            string outPath = Path.Combine(outDir, name + ".png");
            FrameRgba.ToImage(output, width, height).SaveAsPng(outPath);
            double gpuMs = inpainter.Frames.LatestStats?.GpuMilliseconds ?? 0;
            totalGpuMs += gpuMs;
            int holes = mask.Count(m => m >= HoleMask.Threshold);
            if (o.Json)
            {
                done.Add(new { frame = t, image = imagePath, mask = maskPath, motion = motionPath, depth = depthPath, output = outPath, holePixels = holes, gpuMs = Math.Round(gpuMs, 4) });
            }
            else
            {
                stdout.WriteLine($"{outPath}: frame {t}, {holes} hole pixels{(motionPath is null ? string.Empty : ", motion")}{(depthPath is null ? string.Empty : ", depth")}, {gpuMs:F2} ms GPU");
            }
        }

        if (o.Json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(new
            {
                sequence = true,
                frames = done,
                width,
                height,
                history = true,
                historyFrames = options.HistoryFrames,
                motion = guides.MotionDir is null ? "none" : SequenceConventions.Name((conventions & FrameFlags.MotionTowardsCurrent) != 0 ? SequenceMotion.ToCurrent : SequenceMotion.ToPrevious),
                depth = guides.DepthDir is null ? "none" : guides.DepthConvention ?? "standard",
                gpuMs = Math.Round(totalGpuMs, 4),
                device = context.DeviceName,
                model = weightsFile.Path,
                outDir,
            }));
        }
        else
        {
            stdout.WriteLine($"Filled a {pairs.Count}-frame {width}x{height} sequence with history on {context.DeviceName} in {totalGpuMs:F2} ms GPU; wrote {outDir}.");
        }

        return 0;
    }

    /// <summary>
    /// The guide files of <paramref name="dir"/> by frame name (null without a folder). Every frame needs one, except
    /// that the first frame may lack motion when <paramref name="firstMayLack"/> (it has no previous frame to point to);
    /// files that match no frame are reported and skipped.
    /// </summary>
    private static Dictionary<string, string>? GuideFiles(string? dir, string option, string what, List<(string Name, string Image, string Mask)> pairs, bool firstMayLack, TextWriter stderr)
    {
        if (dir is null)
        {
            return null;
        }

        var files = InpaintCommand.ByStem(dir, option, s_pfm);
        for (int t = firstMayLack ? 1 : 0; t < pairs.Count; t++)
        {
            if (!files.ContainsKey(pairs[t].Name))
            {
                throw new CliException($"--sequence: frame '{pairs[t].Image}' has no {what} file '{Path.Combine(dir, pairs[t].Name + ".pfm")}' in {option}; every frame{(firstMayLack ? " after the first" : string.Empty)} needs one.");
            }
        }

        var names = pairs.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (stem, path) in files.Where(f => !names.Contains(f.Key)))
        {
            stderr.WriteLine($"mae inpaint: warning: {what} file '{path}' matches no frame; skipped.");
        }

        return files.Where(f => names.Contains(f.Key)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
    }
}
