using System.Diagnostics;
using System.Text.Json;
using MaeRealtime.Editor.Cli;
using MaeRealtime.Editor.Imaging;
using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Tests.Cli;

/// <summary><c>mae inpaint</c> end to end (the frame pass) on lavapipe with the validation layer on (it fails the command on any validation error).</summary>
public sealed class InpaintCommandTests : IDisposable
{
    private const int Size = 32;
    private readonly TempDirectory _dir = new();
    private readonly string _model;
    private readonly string _image;
    private readonly string _mask;

    public InpaintCommandTests()
    {
        _model = Path.Combine(_dir.Path, "tiny.maew");
        RandomWeights.Write(_model, MaeConfigPresets.Get("tiny"), seed: 5);
        _image = Path.Combine(_dir.Path, "in.png");
        _mask = Path.Combine(_dir.Path, "mask.png");
        var rng = new Random(9);
        var pixels = new float[Size * Size * 3];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = rng.Next(256) / 255f;
        }

        new RgbImage(Size, Size, pixels).SaveAsPng(_image);
        var holes = new bool[Size * Size];
        for (int y = 10; y < 14; y++)
        {
            for (int x = 3; x < 20; x++)
            {
                holes[(y * Size) + x] = true; // 17 x 4 pixels across patch columns 0..2 of patch row 1
            }
        }

        new HoleMask(Size, Size, holes).SaveAsPng(_mask);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void FillsHoles_CopiesKnownPixels_AndReportsJson()
    {
        // Without overlap a one-tile image is one model tile, as before the frame pass: 3 patches masked.
        string output = Path.Combine(_dir.Path, "out.png");
        var (code, stdout, stderr) = Run("inpaint", "--model", _model, "--image", _image, "--mask", _mask, "--out", output, "--overlap", "0", "--json", "--validation");
        Assert.True(code == 0, stderr);

        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(Size, root.GetProperty("width").GetInt32());
        Assert.Equal(Size, root.GetProperty("height").GetInt32());
        Assert.Equal(17 * 4, root.GetProperty("holePixels").GetInt32());
        Assert.Equal(3, root.GetProperty("maskedPatches").GetInt32());
        Assert.Equal(1, root.GetProperty("tiles").GetInt32());
        Assert.Equal(1, root.GetProperty("gridTiles").GetInt32());
        Assert.Equal(0, root.GetProperty("overlap").GetInt32());
        Assert.True(root.GetProperty("gpuMs").GetDouble() > 0);
        Assert.Equal(FrameInpainter.StageNames, root.GetProperty("stages").EnumerateObject().Select(p => p.Name));

        AssertFilled(_image, _mask, output);
    }

    [Fact]
    public void AnySize_OverlappingTiles_KnownPixelsExact()
    {
        // 45 x 37 with the tiny model's default overlap (12 px of a 32 px tile, stride 20): a 3 x 2 grid; the hole sits where the four left tiles overlap.
        string image = Path.Combine(_dir.Path, "odd.png"), mask = Path.Combine(_dir.Path, "odd-mask.png"), output = Path.Combine(_dir.Path, "odd-out.png");
        WriteImage(image, 45, 37, seed: 3);
        WriteMask(mask, 45, 37, (20, 18, 7, 5));
        var (code, stdout, stderr) = Run("inpaint", "--model", _model, "--image", image, "--mask", mask, "--out", output, "--feather", "2", "--json", "--validation");
        Assert.True(code == 0, stderr);

        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(45, root.GetProperty("width").GetInt32());
        Assert.Equal(37, root.GetProperty("height").GetInt32());
        Assert.Equal(12, root.GetProperty("overlap").GetInt32());
        Assert.Equal(2, root.GetProperty("feather").GetInt32());
        Assert.Equal(6, root.GetProperty("gridTiles").GetInt32());
        Assert.Equal(4, root.GetProperty("tiles").GetInt32());
        AssertFilled(image, mask, output);
    }

    [Fact]
    public void Batch_PairsByName_ReportsUnpaired_WritesEachOutput()
    {
        string images = Path.Combine(_dir.Path, "images"), masks = Path.Combine(_dir.Path, "masks"), outDir = Path.Combine(_dir.Path, "filled");
        Directory.CreateDirectory(images);
        Directory.CreateDirectory(masks);
        WriteImage(Path.Combine(images, "a.png"), 40, 30, seed: 1);
        WriteImage(Path.Combine(images, "b.png"), 70, 33, seed: 2);
        WriteImage(Path.Combine(images, "lonely.png"), 20, 20, seed: 3);
        WriteMask(Path.Combine(masks, "a.png"), 40, 30, (5, 5, 9, 6));
        WriteMask(Path.Combine(masks, "b.png"), 70, 33, (50, 10, 12, 12), (3, 20, 4, 4));
        WriteMask(Path.Combine(masks, "orphan.png"), 20, 20, (1, 1, 2, 2));

        var (code, stdout, stderr) = Run("inpaint", "--model", _model, "--image-dir", images, "--mask-dir", masks, "--out-dir", outDir, "--json", "--validation");
        Assert.True(code == 0, stderr);
        Assert.Contains($"image '{Path.Combine(images, "lonely.png")}' has no mask", stderr);
        Assert.Contains($"mask '{Path.Combine(masks, "orphan.png")}' has no image", stderr);

        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("images").GetArrayLength());
        Assert.Equal(70, root.GetProperty("maxWidth").GetInt32());
        Assert.Equal(33, root.GetProperty("maxHeight").GetInt32());
        Assert.Equal([Path.Combine(images, "lonely.png")], root.GetProperty("unpairedImages").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["a.png", "b.png"], Directory.EnumerateFileSystemEntries(outDir).Select(Path.GetFileName).Order());
        AssertFilled(Path.Combine(images, "a.png"), Path.Combine(masks, "a.png"), Path.Combine(outDir, "a.png"));
        AssertFilled(Path.Combine(images, "b.png"), Path.Combine(masks, "b.png"), Path.Combine(outDir, "b.png"));
    }

    [Fact]
    public void Batch_SizeMismatch_NamesBothFiles_AndWritesNothing()
    {
        string images = Path.Combine(_dir.Path, "bi"), masks = Path.Combine(_dir.Path, "bm"), outDir = Path.Combine(_dir.Path, "bo");
        Directory.CreateDirectory(images);
        Directory.CreateDirectory(masks);
        WriteImage(Path.Combine(images, "a.png"), 40, 30, seed: 1);
        WriteMask(Path.Combine(masks, "a.png"), 40, 30, (5, 5, 9, 6));
        WriteImage(Path.Combine(images, "z.png"), 41, 30, seed: 1);
        WriteMask(Path.Combine(masks, "z.png"), 40, 31, (5, 5, 9, 6));
        var (code, _, stderr) = Run("inpaint", "--model", _model, "--image-dir", images, "--mask-dir", masks, "--out-dir", outDir);
        Assert.Equal(1, code);
        Assert.Single(CliHarness.Lines(stderr));
        Assert.Contains($"mae: error: Image '{Path.Combine(images, "z.png")}' is 41x30 but mask '{Path.Combine(masks, "z.png")}' is 40x31", stderr);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Batch_NeedsAllThreeFolders_AndNotTheSingleOptions()
    {
        var (code, _, stderr) = Run("inpaint", "--model", _model, "--image-dir", _dir.Path, "--mask-dir", _dir.Path);
        Assert.Equal(1, code);
        Assert.Contains("needs all of --image-dir, --mask-dir and --out-dir", stderr);
        (code, _, stderr) = Run("inpaint", "--model", _model, "--image", _image, "--image-dir", _dir.Path);
        Assert.Equal(1, code);
        Assert.Contains("not both", stderr);
    }

    [Fact]
    public void BadOverlap_IsAClearError()
    {
        var (code, _, stderr) = Run("inpaint", "--model", _model, "--image", _image, "--mask", _mask, "--out", Path.Combine(_dir.Path, "x.png"), "--overlap", "7");
        Assert.Equal(1, code);
        Assert.Contains("--overlap 7: expected an even number of pixels from 0 to 16", stderr);
    }

    [Fact]
    public void MaskOfAnotherSize_IsAClearError_AndWritesNothing()
    {
        string otherMask = Path.Combine(_dir.Path, "small-mask.png");
        new HoleMask(16, 16, new bool[256]).SaveAsPng(otherMask);
        string output = Path.Combine(_dir.Path, "never.png");
        var (code, _, stderr) = Run("inpaint", "--model", _model, "--image", _image, "--mask", otherMask, "--out", output);
        Assert.Equal(1, code);
        Assert.Contains("is 32x32 but mask", stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void ImageWiderThanTheSizeLimit_IsAClearError()
    {
        // 65537 px is past both the image size limit (16384 a side, checked on the header) and every Vulkan device's
        // maxImageDimension2D (lavapipe: 16384, the same as the limit, so the device check is not reachable here).
        string wide = Path.Combine(_dir.Path, "wide.png");
        string wideMask = Path.Combine(_dir.Path, "wide-mask.png");
        string output = Path.Combine(_dir.Path, "x.png");
        new RgbImage(65537, 1).SaveAsPng(wide);
        new HoleMask(65537, 1, new bool[65537]).SaveAsPng(wideMask);
        var (code, _, stderr) = Run("inpaint", "--model", _model, "--image", wide, "--mask", wideMask, "--out", output);
        Assert.Equal(1, code);
        Assert.Contains($"Cannot read image '{wide}': 65537x1 exceeds the size limit (1..16384 pixels a side", stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void CorruptModel_NamesTheFile()
    {
        string bad = Path.Combine(_dir.Path, "bad.maew");
        File.WriteAllBytes(bad, [1, 2, 3]);
        var (code, _, stderr) = Run("inpaint", "--model", bad, "--image", _image, "--mask", _mask, "--out", Path.Combine(_dir.Path, "x.png"));
        Assert.Equal(1, code);
        Assert.Contains(bad, stderr);
        Assert.Contains("truncated", stderr);
    }

    [Fact]
    public void NoVulkanDriver_NamesThePackagesToInstall()
    {
        // In a child process: pointing the loader at a driver list that does not exist leaves it with no device.
        string output = Path.Combine(_dir.Path, "x.png");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "mae.dll"), "inpaint", "--model", _model, "--image", _image, "--mask", _mask, "--out", output })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["VK_ICD_FILENAMES"] = "/nonexistent/icd.json";
        start.Environment["VK_DRIVER_FILES"] = "/nonexistent/icd.json";
        start.Environment["MAE_VALIDATION"] = "0";
        using var process = Process.Start(start)!;
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("No Vulkan device", stderr);
        Assert.Contains("mesa-vulkan-drivers", stderr);
        Assert.False(File.Exists(output));
    }

    private static void WriteImage(string path, int width, int height, int seed)
    {
        var rng = new Random(seed);
        var pixels = new float[width * height * 3];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = rng.Next(256) / 255f;
        }

        new RgbImage(width, height, pixels).SaveAsPng(path);
    }

    private static void WriteMask(string path, int width, int height, params (int X, int Y, int W, int H)[] boxes)
    {
        var holes = new bool[width * height];
        foreach (var (bx, by, bw, bh) in boxes)
        {
            for (int y = by; y < by + bh; y++)
            {
                for (int x = bx; x < bx + bw; x++)
                {
                    holes[(y * width) + x] = true;
                }
            }
        }

        new HoleMask(width, height, holes).SaveAsPng(path);
    }

    /// <summary>Known pixels of <paramref name="output"/> equal the input's exactly; some hole pixel changed.</summary>
    private static void AssertFilled(string image, string maskPath, string output)
    {
        var input = RgbImage.Load(image);
        var result = RgbImage.Load(output);
        var mask = HoleMask.Load(maskPath);
        Assert.Equal((input.Width, input.Height), (result.Width, result.Height));
        int changed = 0;
        for (int i = 0; i < input.Width * input.Height; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                if (!mask.Holes[i])
                {
                    Assert.Equal(input.Pixels[(i * 3) + c], result.Pixels[(i * 3) + c]);
                }
                else if (input.Pixels[(i * 3) + c] != result.Pixels[(i * 3) + c])
                {
                    changed++;
                }
            }
        }

        Assert.True(changed > 0, $"the hole pixels of {output} were not filled");
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr, CliApp.Commands);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
