using MaeRealtime.HostRenderer.Output;
using MaeRealtime.HostRenderer.Scene;
using MaeRealtime.Runtime.Model;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MaeRealtime.HostRenderer.Tests;

/// <summary>
/// The integration sample end to end, in-process: its own instance and device (validation layer on), its scene
/// pass, the runtime's frame pass recorded into the same command buffer with two frames in flight, PNG output.
/// </summary>
public sealed class HostRendererTests
{
    private const int Width = 53, Height = 40, Frames = 3;

    [Fact]
    public void RendersTinyFrames_FillsTheHoles_KeepsKnownPixels_WritesPngs_WithoutValidationErrors()
    {
        using var dir = new TempDirectory();
        string model = TestWeights.WriteRandom(MaeConfigPresets.Get("tiny"), seed: 17, dir.Path);
        var options = new HostRendererOptions
        {
            Frames = Frames,
            Width = Width,
            Height = Height,
            OutputDirectory = dir.File("frames"),
            ModelPath = model,
            Validation = true,
            PipelineCacheDirectory = dir.File("pipelines"),
            FramesPerSecond = 4, // large steps, so consecutive frames differ visibly
            Stale = StaleFill.HoleColor, // holes hold the hole colour
        };
        var frames = new List<(long Frame, byte[] Input, byte[] Mask, byte[] Output, string Path)>();
        var log = new StringWriter();

        var result = HostRendererApp.Run(options, log, f => frames.Add((f.Frame, f.Input.ToArray(), f.Mask.ToArray(), f.Output.ToArray(), f.Path)));

        Assert.True(result.Validation);
        Assert.True(result.ValidationErrors == 0, $"{result.ValidationErrors} validation error(s):\n{string.Join("\n", result.ValidationMessages)}\n{log}");
        Assert.Equal(Enumerable.Range(0, Frames).Select(i => (long)i), frames.Select(f => f.Frame));
        Assert.Equal(Frames, result.Frames.Count);
        var hole = ScenePass.HoleColorBytes.ToArray();
        foreach (var (frame, input, mask, output, path) in frames)
        {
            Assert.Equal(Path.Combine(options.OutputDirectory, $"frame_{frame:D4}.png"), path);
            int holes = 0;
            for (int i = 0; i < Width * Height; i++)
            {
                var inPixel = input.AsSpan(i * 4, 4);
                var outPixel = output.AsSpan(i * 4, 4);
                if (mask[i] >= 128)
                {
                    holes++;
                    Assert.True(inPixel.SequenceEqual(hole), $"frame {frame} pixel {i}: the scene left {Show(inPixel)} in a hole, expected the hole colour");
                    Assert.False(outPixel[..3].SequenceEqual(hole.AsSpan(0, 3)), $"frame {frame} pixel {i}: hole pixel still holds the hole colour in the output");
                }
                else
                {
                    Assert.Equal(0, mask[i]);
                    Assert.False(inPixel.SequenceEqual(hole), $"frame {frame} pixel {i}: a known pixel holds the hole colour");
                    Assert.True(inPixel.SequenceEqual(outPixel), $"frame {frame} pixel {i}: known pixel {Show(inPixel)} came out as {Show(outPixel)}");
                }
            }

            Assert.InRange(holes, 1, (Width * Height) - 1);
            AssertPngHolds(path, output);
        }

        Assert.False(frames[0].Input.AsSpan().SequenceEqual(frames[^1].Input), "the scene did not move between frames");
        Assert.Equal(frames.Select(f => f.Path).Order(StringComparer.Ordinal), Directory.GetFiles(options.OutputDirectory).Order(StringComparer.Ordinal));

        // The runtime's statistics: every frame with statistics ran tiles; each frame slot's first use records the
        // pass, the third frame reuses slot 0's images and replays it.
        var withStats = result.Frames.Where(r => r.HasStats).ToArray();
        Assert.NotEmpty(withStats);
        Assert.Contains(withStats, r => r.Frame == 0);
        foreach (var r in withStats)
        {
            Assert.InRange(r.ActiveTiles, 1, r.GridTiles);
            Assert.Equal(r.Frame < HostRendererApp.FramesInFlight, r.Rerecorded);
        }
    }

    [Fact]
    public void SideBySide_PutsTheInputLeftOfTheOutput()
    {
        using var dir = new TempDirectory();
        string model = TestWeights.WriteRandom(MaeConfigPresets.Get("tiny"), seed: 3, dir.Path);
        var options = new HostRendererOptions
        {
            Frames = 1,
            Width = 24,
            Height = 17,
            OutputDirectory = dir.File("frames"),
            ModelPath = model,
            Validation = true,
            PipelineCacheDirectory = dir.File("pipelines"),
            SideBySide = true,
        };
        byte[]? input = null, output = null;
        var result = HostRendererApp.Run(options, null, f => (input, output) = (f.Input.ToArray(), f.Output.ToArray()));

        Assert.Equal(0, result.ValidationErrors);
        using var png = Image.Load<Rgba32>(PngFrameWriter.Configuration, result.Frames[0].Path);
        Assert.Equal((48, 17), (png.Width, png.Height));
        for (int y = 0; y < 17; y++)
        {
            for (int x = 0; x < 24; x++)
            {
                int i = ((y * 24) + x) * 4;
                Assert.Equal(new Rgba32(input![i], input[i + 1], input[i + 2]), png[x, y]);
                Assert.Equal(new Rgba32(output![i], output[i + 1], output[i + 2]), png[x + 24, y]);
            }
        }
    }

    private static void AssertPngHolds(string path, byte[] rgba)
    {
        using var png = Image.Load<Rgba32>(PngFrameWriter.Configuration, path);
        Assert.Equal((Width, Height), (png.Width, png.Height));
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                int i = ((y * Width) + x) * 4;
                Assert.Equal(new Rgba32(rgba[i], rgba[i + 1], rgba[i + 2]), png[x, y]);
            }
        }
    }

    private static string Show(ReadOnlySpan<byte> p) => $"({p[0]}, {p[1]}, {p[2]}, {p[3]})";
}
