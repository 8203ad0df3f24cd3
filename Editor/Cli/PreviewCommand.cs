using System.CommandLine;
using MaeRealtime.Editor.Imaging;
using MaeRealtime.Editor.Models;
using MaeRealtime.Editor.Preview;
using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.Editor.Cli;

/// <summary>
/// <c>mae preview</c>: one labelled PNG showing what the model does with an image and a hole mask: input, mask
/// overlay, reconstruction, composite and error heat map, with the hole PSNR (composite against the input, over hole
/// pixels) written under them. The input is the ground truth, so the mask should cover real content.
/// </summary>
public sealed class PreviewCommand : ICliCommand
{
    // Tiles per forward batch: bounds the activation arena for large images.
    private const int BatchTiles = 16;

    /// <inheritdoc />
    public Command Create()
    {
        var image = new Option<string>("--image") { Description = "Input image (PNG or JPEG), also the ground truth for the error map and PSNR.", Required = true };
        var mask = new Option<string>("--mask") { Description = "Hole mask (PNG or JPEG) of the same size: red/gray >= 128 is a hole.", Required = true };
        var model = new Option<string?>("--model") { Description = "Weight file (.maew); default: the bundled default model." };
        var output = new Option<string>("--out") { Description = "Grid PNG to write (atomically).", Required = true };
        var device = new Option<string?>("--device") { Description = "Vulkan device name substring or index (default: MAE_DEVICE, else the best device)." };
        var validation = new Option<bool>("--validation") { Description = "Enable the Khronos validation layer (also MAE_VALIDATION=1)." };
        var command = new Command(
            "preview",
            "Write one PNG with input, mask overlay, reconstruction, composite and error heat map, labelled, with the hole PSNR. "
            + "An image of the model's tile size is one tile; a larger one is center-cropped to the largest multiple of the tile size "
            + "and cut into non-overlapping tiles (no blending, so tile seams show).")
        {
            image, mask, model, output, device, validation,
        };
        command.SetAction(r => Run(
            r.InvocationConfiguration.Output, r.GetRequiredValue(image), r.GetRequiredValue(mask), r.GetValue(model),
            r.GetRequiredValue(output), r.GetValue(device), r.GetValue(validation)));
        return command;
    }

    private static int Run(TextWriter stdout, string imagePath, string maskPath, string? modelPath, string outPath, string? device, bool validation)
    {
        var file = WeightFile.Load(ModelLocator.Resolve(modelPath));
        var c = file.Config;
        var rgb = RgbImage.Load(imagePath);
        var holes = HoleMask.Load(maskPath);
        if (rgb.Width != holes.Width || rgb.Height != holes.Height)
        {
            throw new CliException($"Image '{imagePath}' is {rgb.Width}x{rgb.Height} but mask '{maskPath}' is {holes.Width}x{holes.Height}; they must match.");
        }

        if (rgb.Width < c.ImageSize || rgb.Height < c.ImageSize)
        {
            throw new CliException($"Image '{imagePath}' is {rgb.Width}x{rgb.Height}, smaller than the {c.ImageSize}x{c.ImageSize} tile of model '{file.Path}'.");
        }

        var tiling = new PreviewTiling(rgb.Width, rgb.Height, c.ImageSize);
        float[] imageTiles = tiling.ToTiles(rgb.Pixels, 3);
        float[] holeTiles = tiling.ToTiles(holes.ToFloats(), 1);
        var outputTiles = new float[imageTiles.Length];
        var reconTiles = new float[imageTiles.Length];
        var maskedTiles = new float[holeTiles.Length];
        int maskedPatches;
        string deviceName;
        using (var context = GpuContext.Create(new GpuContextOptions { Device = device, Validation = validation ? true : null }))
        {
            maskedPatches = RunTiles(context, file, tiling, imageTiles, holeTiles, outputTiles, reconTiles, maskedTiles);
            if (context.ValidationErrorCount > 0)
            {
                throw new CliException($"The Vulkan validation layer reported {context.ValidationErrorCount} error(s); no output written.");
            }

            deviceName = context.DeviceName;
        }

        var input = new RgbImage(tiling.CropWidth, tiling.CropHeight, tiling.Crop(rgb.Pixels, 3));
        bool[] cropHoles = tiling.Crop(holes.Holes, 1);
        bool[] cropMasked = tiling.FromTiles(maskedTiles, 1).Select(v => v > 0.5f).ToArray();
        float[] composite = tiling.FromTiles(outputTiles, 3);
        float[] recon = tiling.FromTiles(reconTiles, 3);
        var (psnr, holePixels) = HolePsnr(input.Pixels, composite, cropHoles);
        string psnrText = holePixels == 0 ? "n/a (no hole pixels)" : double.IsPositiveInfinity(psnr) ? "inf dB (exact)" : $"{psnr:F2} dB";
        string region = tiling.Tiles == 1 && tiling.CropWidth == rgb.Width && tiling.CropHeight == rgb.Height
            ? "1 tile"
            : $"{tiling.Tiles} tiles ({tiling.Columns}x{tiling.Rows}) of the centred {tiling.CropWidth}x{tiling.CropHeight} crop";
        var footer = new[]
        {
            $"HOLE PSNR {psnrText}  -  {holePixels} hole pixels, {maskedPatches} of {tiling.Tiles * c.NumPatches} patches masked",
            $"MODEL {Path.GetFileName(file.Path)}: {c.ImageSize} PX TILES, PATCH {c.PatchSize}; {region}",
            $"MASK: RED HOLE, YELLOW REST OF MASKED PATCH. ERROR: 0 BLACK TO {PreviewGrid.HeatMapMax:0.##}+ WHITE",
        };
        var grid = PreviewGrid.Render(input, cropHoles, cropMasked, recon, composite, footer);
        grid.SaveAsPng(outPath);
        stdout.WriteLine($"Wrote {outPath} ({grid.Width}x{grid.Height}): {region} of {rgb.Width}x{rgb.Height} '{imagePath}'; "
            + $"hole PSNR {psnrText} over {holePixels} hole pixels; model '{file.Path}' on {deviceName}.");
        return 0;
    }

    /// <summary>Runs the forward over all tiles in batches; marks the pixels of masked patches; returns the masked patch count.</summary>
    private static int RunTiles(GpuContext context, WeightFile file, PreviewTiling tiling, float[] images, float[] holes, float[] output, float[] recon, float[] masked)
    {
        var c = file.Config;
        int s2 = c.ImageSize * c.ImageSize, total = 0;
        using var weights = new GpuWeights(context, file);
        using var forward = new MaeForward(context, weights, Math.Min(BatchTiles, tiling.Tiles));
        for (int first = 0; first < tiling.Tiles; first += BatchTiles)
        {
            int count = Math.Min(BatchTiles, tiling.Tiles - first);
            var holeSlice = holes.AsSpan(first * s2, count * s2);
            var masking = TileMasking.FromHoleMasks(c, holeSlice, count);
            forward.Run(images.AsSpan(first * s2 * 3, count * s2 * 3), holeSlice, masking, output.AsSpan(first * s2 * 3, count * s2 * 3), recon.AsSpan(first * s2 * 3, count * s2 * 3));
            total += masking.MaskedPatches;
            for (int b = 0; b < count; b++)
            {
                var visible = masking.Keep[b].ToHashSet();
                for (int patch = 0; patch < c.NumPatches; patch++)
                {
                    if (visible.Contains(patch))
                    {
                        continue;
                    }

                    int y0 = patch / c.GridSize * c.PatchSize, x0 = patch % c.GridSize * c.PatchSize;
                    for (int y = y0; y < y0 + c.PatchSize; y++)
                    {
                        masked.AsSpan(((first + b) * s2) + (y * c.ImageSize) + x0, c.PatchSize).Fill(1f);
                    }
                }
            }
        }

        return total;
    }

    /// <summary>PSNR of the composite (clamped to [0, 1]) against the input over hole pixels and all three channels, peak 1.</summary>
    private static (double Psnr, int HolePixels) HolePsnr(float[] truth, float[] composite, bool[] holes)
    {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < holes.Length; i++)
        {
            if (!holes[i])
            {
                continue;
            }

            count++;
            for (int ch = 0; ch < 3; ch++)
            {
                double d = Math.Clamp(composite[(3 * i) + ch], 0f, 1f) - truth[(3 * i) + ch];
                sum += d * d;
            }
        }

        if (count == 0)
        {
            return (double.NaN, 0);
        }

        double mse = sum / (3.0 * count);
        return (mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(1 / mse), count);
    }
}
