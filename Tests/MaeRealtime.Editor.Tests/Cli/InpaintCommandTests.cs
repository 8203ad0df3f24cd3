using System.Diagnostics;
using System.Text.Json;
using MaeRealtime.Editor.Cli;
using MaeRealtime.Editor.Imaging;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Tests.Cli;

/// <summary><c>mae inpaint</c> end to end on lavapipe with the validation layer on (it fails the command on any validation error).</summary>
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
        string output = Path.Combine(_dir.Path, "out.png");
        var (code, stdout, stderr) = Run("inpaint", "--model", _model, "--image", _image, "--mask", _mask, "--out", output, "--json", "--validation");
        Assert.True(code == 0, stderr);

        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(Size, root.GetProperty("width").GetInt32());
        Assert.Equal(Size, root.GetProperty("height").GetInt32());
        Assert.Equal(17 * 4, root.GetProperty("holePixels").GetInt32());
        Assert.Equal(3, root.GetProperty("maskedPatches").GetInt32());
        Assert.True(root.GetProperty("gpuMs").GetDouble() > 0);

        var input = RgbImage.Load(_image);
        var result = RgbImage.Load(output);
        var mask = HoleMask.Load(_mask);
        int changed = 0;
        for (int i = 0; i < Size * Size; i++)
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

        Assert.True(changed > 0, "the hole pixels were not filled");
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
    public void ImageOfAnotherSizeThanTheModel_IsAClearError()
    {
        string big = Path.Combine(_dir.Path, "big.png");
        string bigMask = Path.Combine(_dir.Path, "big-mask.png");
        new RgbImage(64, 64).SaveAsPng(big);
        new HoleMask(64, 64, new bool[64 * 64]).SaveAsPng(bigMask);
        var (code, _, stderr) = Run("inpaint", "--model", _model, "--image", big, "--mask", bigMask, "--out", Path.Combine(_dir.Path, "x.png"));
        Assert.Equal(1, code);
        Assert.Contains("takes 32x32 tiles", stderr);
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

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr, CliApp.Commands);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
