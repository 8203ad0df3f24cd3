using MaeRealtime.Editor.Imaging;
using MaeRealtime.Editor.Preview;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Tests.Cli;

/// <summary><c>mae preview</c> on lavapipe: one PNG of the documented size, one tile or several.</summary>
public sealed class PreviewCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _model;

    public PreviewCommandTests()
    {
        _model = _dir.File("tiny.maew");
        RandomWeights.Write(_model, MaeConfigPresets.Get("tiny"), seed: 5);
    }

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(32, 32, "1 tile")]
    [InlineData(80, 70, "4 tiles (2x2) of the centred 64x64 crop")]
    public void Preview_WritesOneLabelledGrid(int width, int height, string region)
    {
        var (image, mask) = Inputs(width, height);
        string output = _dir.File("grid.png");

        var (code, stdout, stderr) = CliHarness.Run("preview", "--image", image, "--mask", mask, "--model", _model, "--out", output, "--validation");

        Assert.True(code == 0, stderr);
        Assert.Contains(region, stdout);
        Assert.Matches(@"hole PSNR \d+\.\d\d dB over \d+ hole pixels", stdout);
        var grid = RgbImage.Load(output);
        int crop = width == 32 ? 32 : 64;
        var (w, h) = PreviewGrid.Size(crop, crop, footerLines: 3);
        Assert.Equal((w, h), (grid.Width, grid.Height));
        int scale = PreviewGrid.PanelScale(crop);
        Assert.Equal(PreviewGrid.Margin + (5 * ((crop * scale) + PreviewGrid.Margin)), w);
    }

    [Fact]
    public void ImageSmallerThanTheTile_IsOneLine_AndWritesNothing()
    {
        var (image, mask) = Inputs(16, 40);
        string output = _dir.File("grid.png");
        var (code, _, stderr) = CliHarness.Run("preview", "--image", image, "--mask", mask, "--model", _model, "--out", output);
        Assert.Equal(1, code);
        Assert.Contains("smaller than the 32x32 tile", Assert.Single(CliHarness.Lines(stderr)));
        Assert.False(File.Exists(output));
    }

    private (string Image, string Mask) Inputs(int width, int height)
    {
        var rng = new Random(width);
        var pixels = new float[width * height * 3];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = rng.Next(256) / 255f;
        }

        var holes = new bool[width * height];
        for (int y = height / 3; y < height / 2; y++)
        {
            for (int x = width / 4; x < width * 3 / 4; x++)
            {
                holes[(y * width) + x] = true;
            }
        }

        string image = _dir.File($"in-{width}x{height}.png"), mask = _dir.File($"mask-{width}x{height}.png");
        new RgbImage(width, height, pixels).SaveAsPng(image);
        new HoleMask(width, height, holes).SaveAsPng(mask);
        return (image, mask);
    }
}
