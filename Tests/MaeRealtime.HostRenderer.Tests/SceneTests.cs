using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using System.Text.Json;
using MaeRealtime.HostRenderer.Output;
using MaeRealtime.HostRenderer.Scene;
using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Model;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MaeRealtime.HostRenderer.Tests;

/// <summary>
/// The host scene as an engine stand-in: its depth and motion agree with what it renders, its holes are exactly the
/// background pixels revealed by a moving occluder, its sequence folder is well-formed, and a run that passes depth,
/// motion and history to the runtime is clean under synchronization validation.
/// </summary>
public sealed class SceneTests
{
    private const int Width = 96, Height = 64;

    // An integer pan puts a background pixel's previous position on a pixel centre, so the checks below are exact.
    private static readonly Vector2 IntegerPan = new(2, 1);

    [Fact]
    public void DepthAndMotion_AgreeWithTheRender_AndTheRunWithDepthMotionAndHistory_IsValidationClean()
    {
        using var dir = new TempDirectory();
        // Two frames of reveal: a pixel stays a hole for two frames, so consecutive holes overlap and the flicker counts pixels.
        var (result, frames, log) = Run(dir, new HostRendererOptions { Frames = 5, History = true, RevealFrames = 2 });

        Assert.True(result.ValidationErrors == 0, $"{result.ValidationErrors} validation error(s):\n{string.Join("\n", result.ValidationMessages)}\n{log}");
        Assert.Contains("inputs: depth D32_SFLOAT reversed-Z, motion R16G16_SFLOAT, history on", log);
        Assert.Equal(FrameFlags.ReversedDepth | FrameFlags.CameraCut, frames[0].Flags);
        Assert.All(frames.Skip(1), f => Assert.Equal(FrameFlags.ReversedDepth, f.Flags));
        Assert.True(double.IsFinite(result.Flicker) && result.FlickerPixels > 0, $"flicker {result.Flicker} over {result.FlickerPixels} pixels");
        Assert.True(result.HolePixels > 0 && double.IsFinite(result.HolePsnr), $"hole PSNR {result.HolePsnr} over {result.HolePixels} pixels");

        int background = 0, occluder = 0;
        long backgroundChecked = 0, backgroundMismatches = 0;
        double movedError = 0, stillError = 0;
        long occluderChecked = 0;
        for (int t = 0; t < frames.Count; t++)
        {
            var f = frames[t];
            for (int y = 0; y < Height; y++)
            {
                for (int x = 0; x < Width; x++)
                {
                    int i = (y * Width) + x;
                    float depth = f.Depth[i], mx = f.Motion[2 * i], my = f.Motion[(2 * i) + 1];
                    if (f.Mask[i] < 128)
                    {
                        Assert.True(f.Input.AsSpan(i * 4, 4).SequenceEqual(f.Truth.AsSpan(i * 4, 4)), $"frame {t} ({x}, {y}): a known pixel's input differs from the truth");
                    }

                    if (IsBackground(depth))
                    {
                        background++;
                        Assert.Equal((IntegerPan.X, IntegerPan.Y), (mx, my)); // the background moves with the camera
                        if (t == 0 || !Inside(x + mx, y + my))
                        {
                            continue;
                        }

                        int j = (((y + (int)my) * Width) + x + (int)mx);
                        if (!IsBackground(frames[t - 1].Depth[j]))
                        {
                            continue; // hidden in the previous frame: nothing to compare
                        }

                        backgroundChecked++;
                        backgroundMismatches += f.Truth.AsSpan(i * 4, 3).SequenceEqual(frames[t - 1].Truth.AsSpan(j * 4, 3)) ? 0 : 1;
                    }
                    else
                    {
                        occluder++;
                        Assert.True(depth > ScenePass.BackgroundDepth * 2 && depth <= 1f, $"frame {t} ({x}, {y}): occluder depth {depth} is not nearer than the background ({ScenePass.BackgroundDepth}) in reversed-Z");
                        // The occluder's surface seen at p now was at p + motion: where the same occluder shows in all
                        // four neighbours there, the colour is the same up to bilinear resampling of its texture.
                        if (t == 0 || !Inside(x + mx, y + my) || !Inside(x + mx + 1, y + my + 1))
                        {
                            continue;
                        }

                        var previous = frames[t - 1];
                        int x0 = (int)MathF.Floor(x + mx), y0 = (int)MathF.Floor(y + my);
                        bool same = true;
                        for (int k = 0; k < 4; k++)
                        {
                            same &= previous.Depth[((y0 + (k >> 1)) * Width) + x0 + (k & 1)] == depth;
                        }

                        if (!same || previous.Depth[i] != depth)
                        {
                            continue;
                        }

                        occluderChecked++;
                        movedError += MeanAbs(f.Truth, i, Bilinear(previous.Truth, x + mx, y + my));
                        stillError += MeanAbs(f.Truth, i, Bilinear(previous.Truth, x, y));
                    }
                }
            }
        }

        Assert.True(background > frames.Count * Width * Height / 2 && occluder > frames.Count * 100, $"{background} background and {occluder} occluder pixels");
        Assert.True(backgroundChecked > frames.Count * Width * Height / 3, $"only {backgroundChecked} background pixels visible in consecutive frames");
        Assert.Equal(0, backgroundMismatches); // truth(t)(p) == truth(t-1)(p + motion), exactly, on the background
        Assert.True(occluderChecked > 200, $"only {occluderChecked} occluder pixels visible in consecutive frames");
        double moved = movedError / occluderChecked, still = stillError / occluderChecked;
        Assert.True(moved < 6 && moved < still / 3, $"occluder colour change along the motion {moved:F2} levels, without motion {still:F2}");
    }

    [Fact]
    public void D32DepthBuffer_AndR32Depth_GiveTheSameFills_WithHistory_ValidationClean()
    {
        using var dir = new TempDirectory();
        var (d32, d32Frames, d32Log) = Run(dir, new HostRendererOptions { Frames = 4, History = true, OutputDirectory = dir.File("d32") });
        var (r32, r32Frames, r32Log) = Run(dir, new HostRendererOptions { Frames = 4, History = true, DepthFormat = Silk.NET.Vulkan.Format.R32Sfloat, OutputDirectory = dir.File("r32") });
        var (none, noneFrames, _) = Run(dir, new HostRendererOptions { Frames = 4, History = true, Depth = false, OutputDirectory = dir.File("none") });

        Assert.True(d32.ValidationErrors == 0, $"D32: {string.Join("\n", d32.ValidationMessages)}\n{d32Log}");
        Assert.True(r32.ValidationErrors == 0, $"R32: {string.Join("\n", r32.ValidationMessages)}\n{r32Log}");
        Assert.Contains("inputs: depth D32_SFLOAT", d32Log);
        Assert.Contains("inputs: depth R32_SFLOAT", r32Log);
        for (int t = 0; t < d32Frames.Count; t++)
        {
            Assert.True(d32Frames[t].Output.AsSpan().SequenceEqual(r32Frames[t].Output), $"frame {t}: the D32 depth buffer and the R32 image gave different fills");
        }

        // The depth is used: without it the fills differ.
        Assert.Contains(Enumerable.Range(0, noneFrames.Count), t => !noneFrames[t].Output.AsSpan().SequenceEqual(d32Frames[t].Output));
    }

    [Theory]
    [InlineData(StaleFill.Ghost)]
    [InlineData(StaleFill.HoleColor)]
    public void Holes_AreExactlyTheBackgroundRevealedSinceThePreviousFrame(StaleFill stale)
    {
        using var dir = new TempDirectory();
        var (result, frames, log) = Run(dir, new HostRendererOptions { Frames = 4, RevealFrames = 1, Stale = stale });
        Assert.True(result.ValidationErrors == 0, log);

        int holes = 0;
        for (int t = 1; t < frames.Count; t++)
        {
            var (f, previous) = (frames[t], frames[t - 1]);
            for (int y = 0; y < Height; y++)
            {
                for (int x = 0; x < Width; x++)
                {
                    int i = (y * Width) + x;
                    int px = x + (int)IntegerPan.X, py = y + (int)IntegerPan.Y;
                    if (!Inside(px, py))
                    {
                        continue; // its previous position is off screen: this test cannot see what was there
                    }

                    int j = (py * Width) + px;
                    bool revealed = IsBackground(f.Depth[i]) && !IsBackground(previous.Depth[j]);
                    bool hole = f.Mask[i] >= 128;
                    Assert.True(revealed == hole, $"frame {t} ({x}, {y}): {(hole ? "a hole that was not revealed" : "a revealed pixel that is not a hole")}");
                    if (!hole)
                    {
                        continue;
                    }

                    holes++;
                    // Stale data: the occluder that hid the pixel (what reprojecting the previous frame leaves), or the hole colour.
                    var expected = stale == StaleFill.Ghost ? previous.Truth.AsSpan(j * 4, 4) : ScenePass.HoleColorBytes;
                    Assert.True(f.Input.AsSpan(i * 4, 4).SequenceEqual(expected), $"frame {t} ({x}, {y}): stale data {Show(f.Input.AsSpan(i * 4, 4))}, expected {Show(expected)}");
                    Assert.False(f.Truth.AsSpan(i * 4, 3).SequenceEqual(f.Input.AsSpan(i * 4, 3)), $"frame {t} ({x}, {y}): the hole already holds the truth");
                }
            }
        }

        // Several pixels wide: occluders move 3-6 px a frame, so a few frames reveal hundreds of pixels.
        Assert.True(holes > 150, $"only {holes} revealed pixels");
    }

    [Fact]
    public void RevealFrames_KeepsRevealedPixelsHolesForLonger()
    {
        using var dir = new TempDirectory();
        var (_, one, _) = Run(dir, new HostRendererOptions { Frames = 3, RevealFrames = 1, OutputDirectory = dir.File("one") });
        var (_, three, _) = Run(dir, new HostRendererOptions { Frames = 3, RevealFrames = 3, OutputDirectory = dir.File("three") });
        int countOne = one[^1].Mask.Count(m => m >= 128), countThree = three[^1].Mask.Count(m => m >= 128);
        for (int i = 0; i < Width * Height; i++)
        {
            Assert.True(one[^1].Mask[i] < 128 || three[^1].Mask[i] >= 128, $"pixel {i}: revealed since the previous frame but not a hole with --reveal 3");
        }

        Assert.True(countThree > countOne * 3 / 2, $"holes with --reveal 1: {countOne}, with --reveal 3: {countThree}");
    }

    [Fact]
    public void SequenceFolder_IsWellFormed_AndHoldsWhatWasRendered()
    {
        using var dir = new TempDirectory();
        string sequence = dir.File("seq");
        var (result, frames, log) = Run(dir, new HostRendererOptions { Frames = 3, SequenceDirectory = sequence });
        Assert.True(result.ValidationErrors == 0, log);

        using (var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(sequence, "sequence.json"))))
        {
            var root = manifest.RootElement;
            Assert.Equal("mae-sequence", root.GetProperty("format").GetString());
            Assert.Equal(1, root.GetProperty("version").GetInt32());
            Assert.Equal((Width, Height, 3), (root.GetProperty("width").GetInt32(), root.GetProperty("height").GetInt32(), root.GetProperty("frames").GetInt32()));
            Assert.Equal("reversed", root.GetProperty("depth").GetString());
            Assert.Equal("to-previous", root.GetProperty("motion").GetString());
            Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("description").GetString()));
        }

        Assert.Empty(Directory.GetFiles(sequence, "*.tmp", SearchOption.AllDirectories));
        foreach (var f in frames)
        {
            AssertPng(Path.Combine(sequence, "color", $"{f.Frame:D4}.png"), f.Input, 4);
            AssertPng(Path.Combine(sequence, "truth", $"{f.Frame:D4}.png"), f.Truth, 4);
            AssertPng(Path.Combine(sequence, "mask", $"{f.Frame:D4}.png"), f.Mask, 1);
            Assert.Contains(f.Mask, m => m == 255);
            Assert.All(f.Mask, m => Assert.True(m is 0 or 255));

            var depth = ReadPfm(Path.Combine(sequence, "depth", $"{f.Frame:D4}.pfm"), "Pf");
            Assert.Equal(f.Depth, depth);
            var motion = ReadPfm(Path.Combine(sequence, "motion", $"{f.Frame:D4}.pfm"), "PF");
            for (int i = 0; i < Width * Height; i++)
            {
                Assert.Equal((f.Motion[2 * i], f.Motion[(2 * i) + 1], 0f), (motion[3 * i], motion[(3 * i) + 1], motion[(3 * i) + 2]));
            }
        }

        // A rerun replaces the sequence (fewer frames, no depth: the old frame and depth files go).
        var (again, _, _) = Run(dir, new HostRendererOptions { Frames = 2, SequenceDirectory = sequence, Depth = false, OutputDirectory = dir.File("again") });
        Assert.Equal(0, again.ValidationErrors);
        using (var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(sequence, "sequence.json"))))
        {
            Assert.Equal(2, manifest.RootElement.GetProperty("frames").GetInt32());
            Assert.Equal("none", manifest.RootElement.GetProperty("depth").GetString());
        }

        Assert.False(Directory.Exists(Path.Combine(sequence, "depth")));
        Assert.Equal(["0000.png", "0001.png"], Directory.GetFiles(Path.Combine(sequence, "color")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void SequenceOut_RefusesANonEmptyFolderThatIsNotASequence()
    {
        using var dir = new TempDirectory();
        string folder = dir.File("mine");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "keep me");
        File.WriteAllText(Path.Combine(folder, "sequence.json"), "{\"format\":\"something-else\"}");

        var ex = Assert.Throws<IOException>(() => SequenceWriter.Create(folder, 4, 4, "reversed", "to-previous", "x"));
        Assert.Contains("refusing", ex.Message);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(folder, "notes.txt")));
        Assert.Equal(2, Directory.GetFileSystemEntries(folder).Length);
        Assert.Throws<ArgumentException>(() => SequenceWriter.Create(dir.File("other"), 4, 4, "backwards", "none", "x"));

        // A user file next to frame folders is refused too; frame folders alone (an interrupted run) are replaced.
        string interrupted = dir.File("interrupted");
        Directory.CreateDirectory(Path.Combine(interrupted, "color"));
        File.WriteAllText(Path.Combine(interrupted, "color", "0007.png"), "old");
        File.WriteAllText(Path.Combine(interrupted, "keep.txt"), "keep me");
        Assert.Throws<IOException>(() => SequenceWriter.Create(interrupted, 4, 4, "none", "none", "x"));
        File.Delete(Path.Combine(interrupted, "keep.txt"));
        var writer = SequenceWriter.Create(interrupted, 4, 4, "none", "none", "x");
        Assert.False(File.Exists(Path.Combine(interrupted, "color", "0007.png")));
        Assert.False(File.Exists(Path.Combine(interrupted, "sequence.json"))); // written last, by Finish
        writer.Finish(0);
        Assert.True(SequenceWriter.IsSequence(interrupted));
    }

    [Fact]
    public void PfmWriter_WritesTheHeader_AndRowsBottomToTop()
    {
        using var dir = new TempDirectory();
        string gray = dir.File("g.pfm"), vectors = dir.File("v.pfm");
        PfmWriter.WriteGray(gray, 2, 3, [0, 1, 10, 11, 20, 21]); // rows top to bottom: (0, 1), (10, 11), (20, 21)
        PfmWriter.WriteVectors(vectors, 1, 2, [1.5f, -2f, 3f, 4f]);

        byte[] g = File.ReadAllBytes(gray);
        string header = "Pf\n2 3\n-1.0\n";
        Assert.Equal(header, Encoding.ASCII.GetString(g, 0, header.Length));
        Assert.Equal(header.Length + (6 * 4), g.Length);
        var samples = Enumerable.Range(0, 6).Select(k => BinaryPrimitives.ReadSingleLittleEndian(g.AsSpan(header.Length + (4 * k)))).ToArray();
        Assert.Equal([20f, 21f, 10f, 11f, 0f, 1f], samples); // the bottom row first
        Assert.Equal([0f, 1f, 10f, 11f, 20f, 21f], PfmWriter.Read(gray).Samples);

        byte[] v = File.ReadAllBytes(vectors);
        string vHeader = "PF\n1 2\n-1.0\n";
        Assert.Equal(vHeader, Encoding.ASCII.GetString(v, 0, vHeader.Length));
        var vs = Enumerable.Range(0, 6).Select(k => BinaryPrimitives.ReadSingleLittleEndian(v.AsSpan(vHeader.Length + (4 * k)))).ToArray();
        Assert.Equal([3f, 4f, 0f, 1.5f, -2f, 0f], vs);
    }

    private static (HostRunResult Result, List<Rendered> Frames, string Log) Run(TempDirectory dir, HostRendererOptions options)
    {
        string model = TestWeights.WriteRandom(MaeConfigPresets.Get("tiny"), seed: 5, dir.Path);
        options = options with
        {
            Width = Width,
            Height = Height,
            OutputDirectory = options.OutputDirectory == new HostRendererOptions().OutputDirectory ? dir.File("frames") : options.OutputDirectory,
            ModelPath = model,
            Validation = true,
            PipelineCacheDirectory = dir.File("pipelines"),
            FramesPerSecond = 10, // occluders move 3-6 px a frame at this size
            Pan = IntegerPan,
        };
        var frames = new List<Rendered>();
        var log = new StringWriter();
        var result = HostRendererApp.Run(options, log, f => frames.Add(new Rendered(f.Frame, f.Input.ToArray(), f.Mask.ToArray(), f.Output.ToArray(), f.Truth.ToArray(), f.Depth.ToArray(), f.Motion.ToArray(), f.Flags)));
        Assert.Equal(Enumerable.Range(0, options.Frames).Select(i => (long)i), frames.Select(f => f.Frame));
        return (result, frames, log.ToString());
    }

    private static bool IsBackground(float depth) => depth == ScenePass.BackgroundDepth;

    private static bool Inside(float x, float y) => x >= 0 && y >= 0 && x <= Width - 1 && y <= Height - 1;

    private static float[] Bilinear(byte[] rgba, float x, float y)
    {
        int x0 = (int)MathF.Floor(x), y0 = (int)MathF.Floor(y);
        int x1 = Math.Min(x0 + 1, Width - 1), y1 = Math.Min(y0 + 1, Height - 1);
        float fx = x - x0, fy = y - y0;
        var result = new float[3];
        for (int c = 0; c < 3; c++)
        {
            float top = rgba[(((y0 * Width) + x0) * 4) + c] + ((rgba[(((y0 * Width) + x1) * 4) + c] - rgba[(((y0 * Width) + x0) * 4) + c]) * fx);
            float bottom = rgba[(((y1 * Width) + x0) * 4) + c] + ((rgba[(((y1 * Width) + x1) * 4) + c] - rgba[(((y1 * Width) + x0) * 4) + c]) * fx);
            result[c] = top + ((bottom - top) * fy);
        }

        return result;
    }

    private static double MeanAbs(byte[] rgba, int i, float[] other) =>
        (Math.Abs(rgba[i * 4] - other[0]) + Math.Abs(rgba[(i * 4) + 1] - other[1]) + Math.Abs(rgba[(i * 4) + 2] - other[2])) / 3.0;

    private static void AssertPng(string path, byte[] expected, int channels)
    {
        using var png = Image.Load<Rgba32>(PngFrameWriter.Configuration, path);
        Assert.Equal((Width, Height), (png.Width, png.Height));
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                int i = (y * Width) + x;
                var p = png[x, y];
                if (channels == 1)
                {
                    Assert.Equal((expected[i], expected[i], expected[i]), (p.R, p.G, p.B));
                }
                else
                {
                    Assert.Equal(new Rgba32(expected[i * 4], expected[(i * 4) + 1], expected[(i * 4) + 2], expected[(i * 4) + 3]), p);
                }
            }
        }
    }

    /// <summary>Reads a little-endian PFM independently of <see cref="PfmWriter.Read"/>: the rows come back top row first.</summary>
    private static float[] ReadPfm(string path, string magic)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int channels = magic == "Pf" ? 1 : 3;
        string header = $"{magic}\n{Width} {Height}\n-1.0\n";
        Assert.Equal(header, Encoding.ASCII.GetString(bytes, 0, header.Length));
        Assert.Equal(header.Length + (Width * Height * channels * 4), bytes.Length);
        var values = new float[Width * Height * channels];
        int row = Width * channels;
        for (int fileRow = 0; fileRow < Height; fileRow++)
        {
            int y = Height - 1 - fileRow;
            for (int k = 0; k < row; k++)
            {
                values[(y * row) + k] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(header.Length + (((fileRow * row) + k) * 4)));
            }
        }

        return values;
    }

    private static string Show(ReadOnlySpan<byte> p) => $"({p[0]}, {p[1]}, {p[2]}, {p[3]})";

    private sealed record Rendered(long Frame, byte[] Input, byte[] Mask, byte[] Output, byte[] Truth, float[] Depth, float[] Motion, FrameFlags Flags);
}
