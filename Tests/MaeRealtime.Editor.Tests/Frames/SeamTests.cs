using MaeRealtime.Editor.Cli;
using MaeRealtime.Editor.Imaging;
using MaeRealtime.Editor.Models;
using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Model;
using Xunit.Abstractions;

namespace MaeRealtime.Editor.Tests.Frames;

/// <summary>
/// No seams at tile borders, measured on the bundled model and photos. The same square holes on the same
/// image content are filled twice: once in a crop whose tile grid puts them at cell centres (inside tiles) and
/// once in a crop shifted by half a stride, which puts them exactly on tile borders (in the overlap of four
/// tiles). Only the grid's alignment differs, so border holes must not come out more than 0.5 dB worse.
/// </summary>
[Collection(FramesGpuCollection.Name)]
public sealed class SeamTests(GpuFixture fixture, ITestOutputHelper output) : GpuTestBase(fixture)
{
    private const int MaxFrame = 480, Hole = 32;

    [Fact]
    public void HolesOnTileBorders_FillNoWorseThanHalfADecibelBelowHolesInsideTiles()
    {
        var file = WeightFile.Load(ModelLocator.DefaultModelPath);
        using var weights = new GpuWeights(Context, file);
        using var inpainter = new ImageInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = MaxFrame, MaxHeight = MaxFrame });
        int stride = inpainter.Frames.GridFor(MaxFrame, MaxFrame).Stride;
        int shift = stride / 2;

        double insideSq = 0, borderSq = 0;
        long pixels = 0;
        foreach (string path in Directory.GetFiles(DemoCommand.SamplesDirectory, "*.jpg").Order(StringComparer.Ordinal))
        {
            var image = RgbImage.Load(path);
            // The largest square frame of whole cells that still fits after the shift; crops tile the photo.
            int frame = Math.Min(MaxFrame, (Math.Min(image.Width, image.Height) - shift) / stride * stride);
            for (int y0 = 0; y0 + frame + shift <= image.Height; y0 += frame)
            {
                for (int x0 = 0; x0 + frame + shift <= image.Width; x0 += frame)
                {
                    // Hole centres relative to the crop: cell centres of the unshifted grid = borders of the shifted one.
                    var centres = new List<(int X, int Y)>();
                    for (int cy = stride + shift; cy + Hole < frame; cy += stride)
                    {
                        for (int cx = stride + shift; cx + Hole < frame; cx += stride)
                        {
                            centres.Add((cx, cy));
                        }
                    }

                    var (inside, n) = HoleSquaredError(inpainter, image, x0, y0, frame, 0, centres);
                    var (border, _) = HoleSquaredError(inpainter, image, x0, y0, frame, shift, centres);
                    output.WriteLine($"{Path.GetFileName(path)} crop ({x0},{y0}) {frame}px: {centres.Count} holes of {Hole}px, PSNR inside tiles {Psnr(inside, n):F2} dB, on tile borders {Psnr(border, n):F2} dB");
                    insideSq += inside;
                    borderSq += border;
                    pixels += n;
                }
            }
        }

        double insideDb = Psnr(insideSq, pixels), borderDb = Psnr(borderSq, pixels);
        output.WriteLine($"all: inside tiles {insideDb:F2} dB, on tile borders {borderDb:F2} dB, difference {borderDb - insideDb:+0.00;-0.00} dB");
        // A seam would make border holes worse. They come out better instead (+0.36 dB with the stage-1 model,
        // +0.56 dB with stage 2): a border pixel's fill is the blend of up to four tiles' predictions, which
        // averages their errors. So the bound is one-sided at 0.5 dB, with a sanity cap on the other side.
        Assert.True(borderDb >= insideDb - 0.5, $"seam: hole PSNR on tile borders {borderDb:F2} dB vs inside tiles {insideDb:F2} dB");
        Assert.True(borderDb <= insideDb + 1.0, $"border holes {borderDb:F2} dB implausibly better than inside ones {insideDb:F2} dB");
    }

    /// <summary>Fills the crop at (x0, y0) + <paramref name="offset"/> with the holes; sum of squared hole errors over RGB and the count of values.</summary>
    private static (double SquaredError, long Values) HoleSquaredError(ImageInpainter inpainter, RgbImage image, int x0, int y0, int frame, int offset, List<(int X, int Y)> centres)
    {
        var rgba = new byte[frame * frame * 4];
        var mask = new byte[frame * frame];
        for (int y = 0; y < frame; y++)
        {
            for (int x = 0; x < frame; x++)
            {
                int src = (((y0 + y + offset) * image.Width) + x0 + x + offset) * 3, dst = ((y * frame) + x) * 4;
                for (int c = 0; c < 3; c++)
                {
                    rgba[dst + c] = (byte)MathF.Round(image.Pixels[src + c] * 255);
                }

                rgba[dst + 3] = 255;
            }
        }

        foreach (var (cx, cy) in centres)
        {
            for (int y = cy - offset - (Hole / 2); y < cy - offset + (Hole / 2); y++)
            {
                for (int x = cx - offset - (Hole / 2); x < cx - offset + (Hole / 2); x++)
                {
                    mask[(y * frame) + x] = 255;
                }
            }
        }

        var filled = new byte[rgba.Length];
        inpainter.Inpaint(rgba, mask, frame, frame, filled);
        double sq = 0;
        long values = 0;
        for (int i = 0; i < mask.Length; i++)
        {
            if (mask[i] != 0)
            {
                for (int c = 0; c < 3; c++)
                {
                    double d = (filled[(i * 4) + c] - rgba[(i * 4) + c]) / 255.0;
                    sq += d * d;
                    values++;
                }
            }
        }

        return (sq, values);
    }

    private static double Psnr(double squaredError, long values) => 10 * Math.Log10(values / Math.Max(squaredError, 1e-12));
}
