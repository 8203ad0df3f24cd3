using MaeRealtime.Editor.Cli;
using MaeRealtime.Editor.Imaging;
using MaeRealtime.Editor.Models;
using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Model;
using Xunit.Abstractions;

namespace MaeRealtime.Editor.Tests.Frames;

/// <summary>
/// No seams at tile borders, measured where a seam would show: the colour step between neighbouring filled
/// pixels. Bands of holes cross the bundled photos' crops so that every tile edge runs through filled pixels;
/// the mean step between two filled pixels on either side of a tile edge is compared with the mean step at the
/// model's own patch borders inside tiles (away from tile edges), the coarsest structure a fill has anyway.
/// The same measure on a pass without overlap, whose tiles meet without a cross-fade, shows it can see a seam.
/// </summary>
[Collection(FramesGpuCollection.Name)]
public sealed class SeamTests(GpuFixture fixture, ITestOutputHelper output) : GpuTestBase(fixture)
{
    private const int Frame = 336, Band = 20;

    [Fact]
    public void ColourStepAcrossTileEdges_IsNoLargerThanInsideTiles()
    {
        var file = WeightFile.Load(ModelLocator.DefaultModelPath);
        using var weights = new GpuWeights(Context, file);
        var blended = Measure(weights, overlap: null);
        var abutting = Measure(weights, overlap: 0);

        // Measured (of 255): default overlap, 2.94 across tile edges vs 3.71 at patch borders (2.09 over all pairs
        // inside tiles); no overlap, 14.83 across tile edges vs 4.37 at patch borders.
        Assert.True(blended.Edge <= blended.PatchBorder, $"seam: mean step across tile edges {blended.Edge:F2} vs {blended.PatchBorder:F2} at patch borders inside tiles");
        Assert.True(abutting.Edge > 2 * abutting.PatchBorder, $"the measure misses the seams of abutting tiles: {abutting.Edge:F2} vs {abutting.PatchBorder:F2}");
    }

    /// <summary>
    /// Mean colour step (of 255, averaged over RGB) between horizontally or vertically adjacent filled pixels:
    /// across a tile edge, and across a patch border of a tile at least 3 pixels from any tile edge.
    /// </summary>
    private (double Edge, double PatchBorder) Measure(GpuWeights weights, int? overlap)
    {
        using var inpainter = new ImageInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = Frame, MaxHeight = Frame, TileOverlap = overlap });
        var grid = inpainter.Frames.GridFor(Frame, Frame);
        // Tile edges: a tile covering [o, o + S) meets what lies beside it between o - 1 and o, and between o + S - 1 and o + S.
        var edges = new HashSet<int>();
        for (int g = 0; g < grid.TilesX; g++)
        {
            int o = grid.Origin(g, 0).X;
            edges.Add(o);
            edges.Add(o + grid.TileSize);
        }

        bool AtEdge(int b) => edges.Contains(b);
        bool NearEdge(int b) => edges.Any(e => Math.Abs(e - b) <= 2);
        int patch = weights.Config.PatchSize;
        bool AtPatchBorder(int b) => Enumerable.Range(0, grid.TilesX).Select(g => grid.Origin(g, 0).X).Any(o => b > o && b < o + grid.TileSize && (b - o) % patch == 0);

        // Horizontal and vertical bands half a stride apart, so edges run through the middle and the ends of holes.
        var mask = new byte[Frame * Frame];
        for (int start = grid.Stride / 4; start + Band < Frame; start += grid.Stride)
        {
            for (int a = start; a < start + Band; a++)
            {
                for (int b = 0; b < Frame; b++)
                {
                    mask[(a * Frame) + b] = 255;
                    mask[(b * Frame) + a] = 255;
                }
            }
        }

        double edgeSum = 0, insideSum = 0, patchSum = 0;
        long edgeCount = 0, insideCount = 0, patchCount = 0;
        foreach (string path in Directory.GetFiles(DemoCommand.SamplesDirectory, "*.jpg").Order(StringComparer.Ordinal))
        {
            var image = RgbImage.Load(path);
            for (int y0 = 0; y0 + Frame <= image.Height; y0 += Frame)
            {
                for (int x0 = 0; x0 + Frame <= image.Width; x0 += Frame)
                {
                    var rgba = new byte[Frame * Frame * 4];
                    for (int y = 0; y < Frame; y++)
                    {
                        for (int x = 0; x < Frame; x++)
                        {
                            int src = (((y0 + y) * image.Width) + x0 + x) * 3, dst = ((y * Frame) + x) * 4;
                            for (int c = 0; c < 3; c++)
                            {
                                rgba[dst + c] = (byte)MathF.Round(image.Pixels[src + c] * 255);
                            }

                            rgba[dst + 3] = 255;
                        }
                    }

                    var filled = new byte[rgba.Length];
                    inpainter.Inpaint(rgba, mask, Frame, Frame, filled);
                    for (int a = 0; a < Frame; a++)
                    {
                        for (int b = 1; b < Frame; b++)
                        {
                            // (a, b) along rows (x = b) and along columns (y = b): the grid is square.
                            foreach (var (p, q) in new[] { ((a * Frame) + b - 1, (a * Frame) + b), (((b - 1) * Frame) + a, (b * Frame) + a) })
                            {
                                if (mask[p] == 0 || mask[q] == 0)
                                {
                                    continue;
                                }

                                double step = 0;
                                for (int c = 0; c < 3; c++)
                                {
                                    step += Math.Abs(filled[(p * 4) + c] - filled[(q * 4) + c]);
                                }

                                if (AtEdge(b))
                                {
                                    edgeSum += step / 3;
                                    edgeCount++;
                                }
                                else if (!NearEdge(b))
                                {
                                    insideSum += step / 3;
                                    insideCount++;
                                    if (AtPatchBorder(b))
                                    {
                                        patchSum += step / 3;
                                        patchCount++;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        Assert.True(edgeCount > 1000 && patchCount > 10000, $"{edgeCount} edge and {patchCount} patch-border pairs");
        output.WriteLine($"overlap {overlap?.ToString() ?? "default"}: edge {edgeSum / edgeCount:F2} ({edgeCount}), inside {insideSum / insideCount:F2} ({insideCount}), patch borders inside tiles {patchSum / patchCount:F2} ({patchCount})");
        return (edgeSum / edgeCount, patchSum / patchCount);
    }
}
