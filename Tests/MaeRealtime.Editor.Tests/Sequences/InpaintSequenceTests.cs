using System.Text.Json;
using MaeRealtime.Editor.Imaging;
using MaeRealtime.Editor.Sequences;
using MaeRealtime.Editor.Tests.Cli;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Tests.Sequences;

/// <summary><c>mae inpaint --sequence</c> end to end on lavapipe with the validation layer on, on a pan written as a sequence folder.</summary>
public sealed class InpaintSequenceTests : IDisposable
{
    private const int Width = 40, Height = 32, Frames = 5;
    private readonly TempDirectory _dir = new();
    private readonly string _model;
    private readonly string _seq;
    private readonly PanSequence _pan;

    public InpaintSequenceTests()
    {
        _model = _dir.File("tiny.maew");
        RandomWeights.Write(_model, MaeConfigPresets.Get("tiny"), seed: 5);
        _seq = _dir.File("seq");
        _pan = new PanSequence(SequenceTestData.NoisePhoto(90, 70, 6), Width, Height, Frames, seed: 4);
        SequenceFolderWriter.Write(_pan, _seq);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void FillsEveryFrameInOrder_WithAndWithoutMotion_KnownPixelsExact()
    {
        string withMotion = _dir.File("out-motion"), still = _dir.File("out-still");

        var a = Run("--out-dir", withMotion, "--motion-dir", Path.Combine(_seq, "motion"), "--json");
        var b = Run("--out-dir", still, "--json");

        Assert.True(a.Code == 0, a.Stderr);
        Assert.True(b.Code == 0, b.Stderr);
        using var json = JsonDocument.Parse(a.Stdout);
        var frames = json.RootElement.GetProperty("frames").EnumerateArray().ToList();
        Assert.Equal(Frames, frames.Count);
        Assert.Equal(Enumerable.Range(0, Frames), frames.Select(f => f.GetProperty("frame").GetInt32()));
        Assert.Equal("0000.png", Path.GetFileName(frames[0].GetProperty("image").GetString()));
        Assert.All(frames, f => Assert.EndsWith(".pfm", f.GetProperty("motion").GetString()));
        Assert.True(json.RootElement.GetProperty("history").GetBoolean());
        Assert.Equal("to-previous", json.RootElement.GetProperty("motion").GetString());
        using var stillJson = JsonDocument.Parse(b.Stdout);
        Assert.Equal("none", stillJson.RootElement.GetProperty("motion").GetString());
        Assert.All(stillJson.RootElement.GetProperty("frames").EnumerateArray(), f => Assert.Equal(JsonValueKind.Null, f.GetProperty("motion").ValueKind));

        int differing = 0;
        foreach (var (frame, t) in _pan.Frames().Select((f, t) => (f, t)))
        {
            string name = t.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + ".png";
            var filled = RgbImage.Load(Path.Combine(withMotion, name));
            var filledStill = RgbImage.Load(Path.Combine(still, name));
            for (int i = 0; i < Width * Height; i++)
            {
                if (frame.Mask[i] < 128)
                {
                    Assert.Equal(frame.Color[i * 4] / 255f, filled.Pixels[i * 3]);
                }
            }

            bool same = filled.Pixels.SequenceEqual(filledStill.Pixels);
            if (t == 0)
            {
                // The first frame is a camera cut: no history, so motion cannot matter yet.
                Assert.True(same, "frame 0 differs with and without motion");
            }

            differing += same ? 0 : 1;
        }

        // The history follows the motion vectors: with the camera panning, later fills differ from a still camera's.
        Assert.True(differing > 0, "motion vectors changed no fill");
    }

    [Fact]
    public void DepthFolder_IsUsed_AndItsConventionReported()
    {
        string depthDir = _dir.File("depth");
        Directory.CreateDirectory(depthDir);
        foreach (var (frame, t) in _pan.Frames().Select((f, t) => (f, t)))
        {
            var depth = frame.Mask.Select(m => m >= 128 ? 0.9f : 0.1f).ToArray();
            PfmFile.Write(Path.Combine(depthDir, t.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + ".pfm"), new PfmImage(Width, Height, 1, depth));
        }

        var result = Run("--out-dir", _dir.File("out"), "--depth-dir", depthDir, "--depth-convention", "reversed", "--json");

        Assert.True(result.Code == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("reversed", json.RootElement.GetProperty("depth").GetString());
        Assert.All(json.RootElement.GetProperty("frames").EnumerateArray(), f => Assert.EndsWith(".pfm", f.GetProperty("depth").GetString()));
    }

    [Fact]
    public void AMissingMotionFile_IsAUserErrorNamingIt_BeforeAnyOutput()
    {
        File.Delete(Path.Combine(_seq, "motion", "0002.pfm"));
        string outDir = _dir.File("out");

        var result = Run("--out-dir", outDir, "--motion-dir", Path.Combine(_seq, "motion"));

        Assert.Equal(1, result.Code);
        Assert.Contains("0002.png' has no motion file", result.Stderr);
        Assert.Contains("0002.pfm", result.Stderr);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void AFrameWithoutAMask_AWrongSizedMotionFile_AndMisplacedOptions_AreUserErrors()
    {
        File.Delete(Path.Combine(_seq, "mask", "0003.png"));
        var gap = Run("--out-dir", _dir.File("o1"));
        Assert.Equal(1, gap.Code);
        Assert.Contains("0003.png' has no mask", gap.Stderr);
        SequenceFolderWriter.Write(_pan, _seq);

        PfmFile.Write(Path.Combine(_seq, "motion", "0001.pfm"), PfmImage.FromMotion(8, 8, new float[128]));
        var size = Run("--out-dir", _dir.File("o2"), "--motion-dir", Path.Combine(_seq, "motion"));
        Assert.Equal(1, size.Code);
        Assert.Contains("0001.pfm' is 8x8; the sequence's frames are 40x32", size.Stderr);

        var convention = Run("--out-dir", _dir.File("o3"), "--depth-convention", "reversed");
        Assert.Equal(1, convention.Code);
        Assert.Contains("--depth-convention needs --depth-dir", convention.Stderr);

        var sign = Run("--out-dir", _dir.File("o4"), "--motion-dir", Path.Combine(_seq, "motion"), "--motion-sign", "backwards");
        Assert.Equal(1, sign.Code);
        Assert.Contains("--motion-sign: expected one of none, to-previous, to-current; found 'backwards'", sign.Stderr);

        var noSequence = CliHarness.Run("inpaint", "--model", _model, "--image-dir", Path.Combine(_seq, "color"), "--mask-dir", Path.Combine(_seq, "mask"), "--out-dir", _dir.File("o5"), "--motion-dir", Path.Combine(_seq, "motion"));
        Assert.Equal(1, noSequence.Code);
        Assert.Contains("need --sequence", noSequence.Stderr);

        var single = CliHarness.Run("inpaint", "--model", _model, "--image", Path.Combine(_seq, "color", "0000.png"), "--mask", Path.Combine(_seq, "mask", "0000.png"), "--out", _dir.File("x.png"), "--sequence");
        Assert.Equal(1, single.Code);
        Assert.Contains("--sequence needs the batch form", single.Stderr);
    }

    private (int Code, string Stdout, string Stderr) Run(params string[] extra) =>
        CliHarness.Run(["inpaint", "--model", _model, "--image-dir", Path.Combine(_seq, "color"), "--mask-dir", Path.Combine(_seq, "mask"), "--sequence", "--validation", .. extra]);
}
