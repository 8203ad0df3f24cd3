using System.CommandLine;
using System.Text.Json;
using MaeRealtime.Editor.Frames;
using MaeRealtime.Editor.Imaging;
using MaeRealtime.Editor.Models;
using MaeRealtime.Editor.Sequences;
using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.Editor.Cli;

/// <summary>
/// <c>mae inpaint</c>: fills the holes of images of any size with the MAE on Vulkan, through the frame pass
/// (<see cref="ImageInpainter"/>): the frame is covered by overlapping model tiles, only tiles holding a hole run
/// the model, overlapping fills are blended and known pixels are copied exactly. One image
/// (<c>--image --mask --out</c>) or a batch (<c>--image-dir --mask-dir --out-dir</c>, paired by file name, one
/// device and one inpainter for the whole batch). With <c>--sequence</c> the batch is one sequence, filled in
/// file-name order with the runtime's history and optional motion vectors and depth (<see cref="SequenceInpaint"/>).
/// </summary>
public sealed class InpaintCommand : ICliCommand
{
    /// <summary>File extensions read as images and masks (case-insensitive).</summary>
    public static IReadOnlyList<string> ImageExtensions { get; } = [".png", ".jpg", ".jpeg"];

    /// <inheritdoc />
    public Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Weight file (.maew); default: the bundled default model." };
        var image = new Option<string?>("--image") { Description = "Input image (PNG or JPEG), any size." };
        var mask = new Option<string?>("--mask") { Description = "Hole mask (PNG or JPEG) of the same size: a pixel whose red/gray value is >= 128 is a hole." };
        var output = new Option<string?>("--out") { Description = "Output PNG (written atomically)." };
        var imageDir = new Option<string?>("--image-dir") { Description = "Batch: folder of input images (PNG or JPEG; not searched recursively)." };
        var maskDir = new Option<string?>("--mask-dir") { Description = "Batch: folder of masks, paired with the images by file name without extension (a.jpg <-> a.png)." };
        var outDir = new Option<string?>("--out-dir") { Description = "Batch: output folder; each result is written atomically as <name>.png." };
        var overlap = new Option<int?>("--overlap") { Description = FrameSetup.OverlapHelp };
        var contextRadius = new Option<int?>("--context-radius") { Description = FrameSetup.ContextRadiusHelp };
        var feather = new Option<int>("--feather") { Description = "Feathering radius at the hole border in pixels (0..16; default 0: off).", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print a JSON summary instead of text." };
        var device = new Option<string?>("--device") { Description = "Vulkan device name substring or index (default: MAE_DEVICE, else the best device)." };
        var validation = new Option<bool>("--validation") { Description = "Enable the Khronos validation layer (also MAE_VALIDATION=1)." };
        var sequence = new Option<bool>("--sequence") { Description = "Batch only: the images are consecutive frames of one sequence, filled in file-name order with history (docs/SEQUENCES.md)." };
        var motionDir = new Option<string?>("--motion-dir") { Description = "With --sequence: motion vectors per frame as <name>.pfm (3-channel PFM: x, y, 0 in pixels); default: zero motion (a static camera)." };
        var depthDir = new Option<string?>("--depth-dir") { Description = "With --sequence: depth per frame as <name>.pfm (1-channel PFM)." };
        var depthConvention = new Option<string?>("--depth-convention") { Description = "With --depth-dir: standard (0 near, 1 far; default), reversed (1 near) or linear (view distance)." };
        var motionSign = new Option<string?>("--motion-sign") { Description = "With --motion-dir: to-previous (default: a pixel p was at p + motion in the previous frame) or to-current (at p - motion)." };
        var command = new Command("inpaint", "Fill the holes of images of any size with the MAE on Vulkan (one image, or a folder paired by name).")
        {
            model, image, mask, output, imageDir, maskDir, outDir, overlap, contextRadius, feather, json, device, validation, sequence, motionDir, depthDir, depthConvention, motionSign,
        };
        command.SetAction(r =>
        {
            var common = new Common(r.GetValue(model), r.GetValue(overlap), r.GetValue(feather), r.GetValue(json), r.GetValue(device), r.GetValue(validation), r.GetValue(contextRadius));
            string? img = r.GetValue(image), msk = r.GetValue(mask), outPng = r.GetValue(output);
            string? imgDir = r.GetValue(imageDir), mskDir = r.GetValue(maskDir), dstDir = r.GetValue(outDir);
            bool single = img is not null || msk is not null || outPng is not null;
            bool batch = imgDir is not null || mskDir is not null || dstDir is not null;
            if (single && batch)
            {
                throw new CliException("Give either --image, --mask and --out (one image) or --image-dir, --mask-dir and --out-dir (a batch), not both.");
            }

            var guides = new SequenceInpaintGuides(r.GetValue(motionDir), r.GetValue(depthDir), r.GetValue(depthConvention), r.GetValue(motionSign));
            if (!r.GetValue(sequence) && guides.AnyGiven)
            {
                throw new CliException("--motion-dir, --depth-dir, --depth-convention and --motion-sign need --sequence (and the batch form: --image-dir, --mask-dir, --out-dir).");
            }

            if (r.GetValue(sequence))
            {
                if (single || imgDir is null || mskDir is null || dstDir is null)
                {
                    throw new CliException("--sequence needs the batch form: --image-dir, --mask-dir and --out-dir (the frames, their masks, and where the filled frames go).");
                }

                return SequenceInpaint.Run(r.InvocationConfiguration.Output, r.InvocationConfiguration.Error, imgDir, mskDir, dstDir, guides, common);
            }

            if (batch)
            {
                if (imgDir is null || mskDir is null || dstDir is null)
                {
                    throw new CliException("The batch form needs all of --image-dir, --mask-dir and --out-dir.");
                }

                return RunBatch(r.InvocationConfiguration.Output, r.InvocationConfiguration.Error, imgDir, mskDir, dstDir, common);
            }

            if (img is null || msk is null || outPng is null)
            {
                throw new CliException("Need --image, --mask and --out (or the batch form: --image-dir, --mask-dir and --out-dir).");
            }

            return RunSingle(r.InvocationConfiguration.Output, img, msk, outPng, common);
        });
        return command;
    }

    private static int RunSingle(TextWriter stdout, string imagePath, string maskPath, string outPath, Common o)
    {
        var weightsFile = WeightFile.Load(ModelLocator.Resolve(o.Model));
        var rgb = RgbImage.Load(imagePath);
        var holes = HoleMask.Load(maskPath);
        CheckSameSize(imagePath, (rgb.Width, rgb.Height), maskPath, (holes.Width, holes.Height));
        var options = FrameSetup.Options(rgb.Width, rgb.Height, o.Overlap, o.Feather, weightsFile.Config, o.ContextRadius);

        using var context = GpuContext.Create(new GpuContextOptions { Device = o.Device, Validation = o.Validation ? true : null });
        FrameSetup.CheckDeviceLimit(context, rgb.Width, rgb.Height, $"Image '{imagePath}'");
        using var weights = new GpuWeights(context, weightsFile);
        using var inpainter = FrameSetup.CreateImageInpainter(context, weights, options);
        var result = Fill(inpainter, rgb, holes);
        CheckValidation(context);
        result.Image.SaveAsPng(outPath);

        var f = inpainter.Frames;
        if (o.Json)
        {
            var summary = new
            {
                width = rgb.Width,
                height = rgb.Height,
                holePixels = result.HolePixels,
                maskedPatches = result.Plan.MaskedPatches,
                tiles = result.ActiveTiles,
                gridTiles = result.Plan.Grid.Count,
                overlap = f.Overlap,
                feather = f.Options.FeatherRadius,
                gpuMs = Math.Round(result.GpuMs, 4),
                stages = result.Stages,
                device = context.DeviceName,
                kernelFamily = f.KernelFamily.ToString(),
                model = weightsFile.Path,
                output = outPath,
            };
            stdout.WriteLine(JsonSerializer.Serialize(summary));
        }
        else
        {
            stdout.WriteLine(
                $"Filled {result.HolePixels} hole pixels of a {rgb.Width}x{rgb.Height} image ({result.ActiveTiles} of {result.Plan.Grid.Count} tiles ran, " +
                $"{result.Plan.MaskedPatches} patches masked, overlap {f.Overlap} px) on {context.DeviceName} in {result.GpuMs:F2} ms GPU; wrote {outPath}.");
            stdout.WriteLine("GPU stages: " + string.Join(", ", result.Stages.Select(s => $"{s.Key} {s.Value:F2} ms")));
        }

        return 0;
    }

    private static int RunBatch(TextWriter stdout, TextWriter stderr, string imageDir, string maskDir, string outDir, Common o)
    {
        var pairs = Pair(imageDir, maskDir, stderr, out var unpairedImages, out var unpairedMasks);
        if (SameFolder(outDir, imageDir) || SameFolder(outDir, maskDir))
        {
            throw new CliException($"--out-dir '{outDir}' is the image or mask folder; choose another folder so no input is overwritten.");
        }

        // Sizes from the file headers first: a mismatch fails the batch before any device work or output.
        var sizes = new List<(int Width, int Height)>(pairs.Count);
        foreach (var (_, image, mask) in pairs)
        {
            var imageSize = ImageFile.Identify(image, "image");
            CheckSameSize(image, imageSize, mask, ImageFile.Identify(mask, "mask"));
            sizes.Add(imageSize);
        }

        var weightsFile = WeightFile.Load(ModelLocator.Resolve(o.Model));
        int maxWidth = sizes.Max(s => s.Width), maxHeight = sizes.Max(s => s.Height);
        var options = FrameSetup.Options(maxWidth, maxHeight, o.Overlap, o.Feather, weightsFile.Config, o.ContextRadius);
        using var context = GpuContext.Create(new GpuContextOptions { Device = o.Device, Validation = o.Validation ? true : null });
        for (int i = 0; i < pairs.Count; i++)
        {
            FrameSetup.CheckDeviceLimit(context, sizes[i].Width, sizes[i].Height, $"Image '{pairs[i].Image}'");
        }

        using var weights = new GpuWeights(context, weightsFile);
        using var inpainter = FrameSetup.CreateImageInpainter(context, weights, options);
        Directory.CreateDirectory(outDir);
        var done = new List<object>();
        double totalGpuMs = 0;
        foreach (var (name, imagePath, maskPath) in pairs)
        {
            var rgb = RgbImage.Load(imagePath);
            var holes = HoleMask.Load(maskPath);
            CheckSameSize(imagePath, (rgb.Width, rgb.Height), maskPath, (holes.Width, holes.Height));
            var result = Fill(inpainter, rgb, holes);
            CheckValidation(context);
            string outPath = Path.Combine(outDir, name + ".png");
            result.Image.SaveAsPng(outPath);
            totalGpuMs += result.GpuMs;
            if (o.Json)
            {
                done.Add(new
                {
                    image = imagePath,
                    mask = maskPath,
                    output = outPath,
                    width = rgb.Width,
                    height = rgb.Height,
                    holePixels = result.HolePixels,
                    maskedPatches = result.Plan.MaskedPatches,
                    tiles = result.ActiveTiles,
                    gridTiles = result.Plan.Grid.Count,
                    gpuMs = Math.Round(result.GpuMs, 4),
                    stages = result.Stages,
                });
            }
            else
            {
                stdout.WriteLine($"{outPath}: {rgb.Width}x{rgb.Height}, {result.HolePixels} hole pixels, {result.ActiveTiles}/{result.Plan.Grid.Count} tiles, {result.GpuMs:F2} ms GPU");
            }
        }

        var f = inpainter.Frames;
        if (o.Json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(new
            {
                images = done,
                unpairedImages,
                unpairedMasks,
                gpuMs = Math.Round(totalGpuMs, 4),
                overlap = f.Overlap,
                feather = f.Options.FeatherRadius,
                maxWidth,
                maxHeight,
                device = context.DeviceName,
                kernelFamily = f.KernelFamily.ToString(),
                model = weightsFile.Path,
                outDir,
            }));
        }
        else
        {
            string skipped = unpairedImages.Count + unpairedMasks.Count == 0 ? string.Empty : $"; skipped {unpairedImages.Count} image(s) without a mask and {unpairedMasks.Count} mask(s) without an image";
            stdout.WriteLine($"Filled {pairs.Count} image(s) on {context.DeviceName} in {totalGpuMs:F2} ms GPU (overlap {f.Overlap} px); wrote {outDir}{skipped}.");
        }

        return 0;
    }

    /// <summary>
    /// Pairs each image with the mask of the same file stem; reports (on stderr) and returns the files left
    /// unpaired. Two files with the same stem in one folder (a.png and a.jpg) are ambiguous: an error.
    /// </summary>
    internal static List<(string Name, string Image, string Mask)> Pair(string imageDir, string maskDir, TextWriter stderr, out List<string> unpairedImages, out List<string> unpairedMasks)
    {
        var images = ByStem(imageDir, "--image-dir");
        var masks = ByStem(maskDir, "--mask-dir");
        var pairs = new List<(string, string, string)>();
        unpairedImages = [];
        unpairedMasks = [];
        foreach (var (stem, image) in images)
        {
            if (masks.TryGetValue(stem, out var mask))
            {
                pairs.Add((stem, image, mask));
            }
            else
            {
                unpairedImages.Add(image);
                stderr.WriteLine($"mae inpaint: warning: image '{image}' has no mask '{stem}.png' (or .jpg/.jpeg) in '{maskDir}'; skipped.");
            }
        }

        foreach (var (stem, mask) in masks)
        {
            if (!images.ContainsKey(stem))
            {
                unpairedMasks.Add(mask);
                stderr.WriteLine($"mae inpaint: warning: mask '{mask}' has no image '{stem}.png' (or .jpg/.jpeg) in '{imageDir}'; skipped.");
            }
        }

        if (pairs.Count == 0)
        {
            throw new CliException($"No image in '{imageDir}' ({images.Count} found) has a mask of the same name in '{maskDir}' ({masks.Count} found); nothing to fill.");
        }

        return pairs;
    }

    internal static SortedDictionary<string, string> ByStem(string dir, string option, IReadOnlyList<string>? extensions = null)
    {
        if (!Directory.Exists(dir))
        {
            throw new CliException($"{option} '{dir}' is not a folder.");
        }

        var byStem = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(dir)
            .Where(f => (extensions ?? ImageExtensions).Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase) && !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal);
        foreach (string file in files)
        {
            string stem = Path.GetFileNameWithoutExtension(file);
            if (byStem.TryGetValue(stem, out var other))
            {
                throw new CliException($"{option} '{dir}' holds both '{Path.GetFileName(other)}' and '{Path.GetFileName(file)}'; files are paired by name without extension, so keep one.");
            }

            byStem[stem] = file;
        }

        return byStem;
    }

    internal static bool SameFolder(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);

    internal static void CheckSameSize(string imagePath, (int Width, int Height) image, string maskPath, (int Width, int Height) mask)
    {
        if (image != mask)
        {
            throw new CliException($"Image '{imagePath}' is {image.Width}x{image.Height} but mask '{maskPath}' is {mask.Width}x{mask.Height}; they must match.");
        }
    }

    internal static void CheckValidation(GpuContext context)
    {
        if (context.ValidationErrorCount > 0)
        {
            throw new CliException($"The Vulkan validation layer reported {context.ValidationErrorCount} error(s); no output written.");
        }
    }

    private static FillResult Fill(ImageInpainter inpainter, RgbImage rgb, HoleMask holes)
    {
        var rgba = FrameRgba.FromImage(rgb);
        var mask = FrameRgba.MaskBytes(holes);
        var output = new byte[rgba.Length];
        inpainter.Inpaint(rgba, mask, rgb.Width, rgb.Height, output);
        var stats = inpainter.Frames.LatestStats ?? throw new InvalidOperationException("The frame pass reported no statistics after a completed frame.");
        var plan = FrameTilePlan.Compute(inpainter.Frames.GridFor(rgb.Width, rgb.Height), inpainter.Frames.Config, inpainter.Frames.ContextRadius, mask);
        return new FillResult(FrameRgba.ToImage(output, rgb.Width, rgb.Height), holes.HoleCount, plan, stats.ActiveTiles, stats.GpuMilliseconds, FrameSetup.Stages(stats.StageMilliseconds));
    }

    /// <summary>The options every form shares.</summary>
    internal sealed record Common(string? Model, int? Overlap, int Feather, bool Json, string? Device, bool Validation, int? ContextRadius);

    private sealed record FillResult(RgbImage Image, int HolePixels, FrameTilePlan Plan, int ActiveTiles, double GpuMs, Dictionary<string, double> Stages);
}
