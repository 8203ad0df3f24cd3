using MaeRealtime.Training.Eval;

namespace MaeRealtime.Training.Tests.Eval;

public sealed class HoleMetricsTests
{
    private const int Size = 24;

    [Fact]
    public void IdenticalImages_ScoreInfinitePsnrAndSsimOne()
    {
        float[] image = Images.Noise(Size, seed: 1);
        float[] holes = Images.Box(Size, 5, 5, 12, 9);

        Assert.Equal(double.PositiveInfinity, HoleMetrics.Psnr(image, image, holes, Size, Size));
        Assert.Equal(1.0, HoleMetrics.Ssim(image, (float[])image.Clone(), holes, Size, Size));
    }

    [Fact]
    public void ConstantOffsetInTheHoles_GivesTheKnownPsnr()
    {
        float[] reference = Images.Constant(Size, 100 / 255f);
        float[] filled = (float[])reference.Clone();
        float[] holes = Images.Box(Size, 4, 4, 10, 10);
        for (int i = 0; i < holes.Length; i++)
        {
            if (holes[i] >= 0.5f)
            {
                filled[3 * i] = filled[(3 * i) + 1] = filled[(3 * i) + 2] = 110 / 255f;
            }
        }

        // MSE = (10/255)^2 on every hole value, so PSNR = 20 log10(255 / 10) = 28.1308 dB.
        Assert.Equal(20 * Math.Log10(25.5), HoleMetrics.Psnr(reference, filled, holes, Size, Size), 9);
    }

    [Fact]
    public void Psnr_IgnoresKnownPixels()
    {
        float[] reference = Images.Noise(Size, seed: 2);
        float[] filled = (float[])reference.Clone();
        float[] holes = Images.Box(Size, 0, 0, 8, 8);
        for (int i = 0; i < holes.Length; i++)
        {
            // Damage known pixels beyond the SSIM window's reach (5 px) from every hole pixel; SSIM at a
            // hole pixel near the edge does see known neighbours, as it must to judge the seam.
            if (i % Size >= 13 || i / Size >= 13)
            {
                filled[3 * i] = 1 - filled[3 * i];
            }
        }

        Assert.Equal(double.PositiveInfinity, HoleMetrics.Psnr(reference, filled, holes, Size, Size));
        Assert.Equal(1.0, HoleMetrics.Ssim(reference, filled, holes, Size, Size), 12);
    }

    [Fact]
    public void Psnr_QuantizesTo8BitsLikeAPng()
    {
        float[] reference = Images.Constant(Size, 100 / 255f);
        float[] holes = Images.Box(Size, 4, 4, 10, 10);
        // 0.3 of a level rounds back to the same byte: nothing a saved PNG would show.
        float[] nearlySame = Images.Constant(Size, 100.3f / 255f);
        // Out-of-range values clamp: 1.7 stores as 255, like the PNG writer.
        float[] over = Images.Constant(Size, 1.7f);

        Assert.Equal(double.PositiveInfinity, HoleMetrics.Psnr(reference, nearlySame, holes, Size, Size));
        Assert.Equal(20 * Math.Log10(255.0 / 155), HoleMetrics.Psnr(reference, over, holes, Size, Size), 9);
    }

    [Fact]
    public void NoHoles_ScoreNaN()
    {
        float[] image = Images.Noise(Size, seed: 3);
        var holes = new float[Size * Size];

        Assert.True(double.IsNaN(HoleMetrics.Psnr(image, image, holes, Size, Size)));
        Assert.True(double.IsNaN(HoleMetrics.Ssim(image, image, holes, Size, Size)));
    }

    [Fact]
    public void Ssim_FallsWithDamageAndStaysInRange()
    {
        float[] reference = Images.Noise(Size, seed: 4);
        float[] holes = Images.Box(Size, 6, 6, 12, 12);
        float[] slightly = Images.AddNoise(reference, 0.02f, seed: 5);
        float[] badly = Images.AddNoise(reference, 0.8f, seed: 6);

        double good = HoleMetrics.Ssim(reference, slightly, holes, Size, Size);
        double bad = HoleMetrics.Ssim(reference, badly, holes, Size, Size);

        Assert.InRange(good, 0.95, 1.0);
        Assert.InRange(bad, -1.0, 0.7);
    }

    [Fact]
    public void Ssim_OfAConstantImageAgainstAnotherConstant_MatchesTheLuminanceTerm()
    {
        // Flat images have zero variance and covariance, so SSIM reduces to (2 mx my + C1) / (mx^2 + my^2 + C1).
        float[] a = Images.Constant(Size, 51 / 255f);
        float[] b = Images.Constant(Size, 204 / 255f);
        float[] holes = Images.Box(Size, 0, 0, Size, Size);
        double mx = 51 / 255.0, my = 204 / 255.0;
        double expected = ((2 * mx * my) + HoleMetrics.SsimC1) / ((mx * mx) + (my * my) + HoleMetrics.SsimC1);

        Assert.Equal(expected, HoleMetrics.Ssim(a, b, holes, Size, Size), 9);
    }

    [Fact]
    public void HoleRatioBins_PutRatiosInTenPercentBinsUpToFortyPlus()
    {
        Assert.Equal("0-10%", HoleRatioBins.LabelOf(0.0));
        Assert.Equal("0-10%", HoleRatioBins.LabelOf(0.0999));
        Assert.Equal("10-20%", HoleRatioBins.LabelOf(0.1));
        Assert.Equal("30-40%", HoleRatioBins.LabelOf(0.35));
        Assert.Equal("40%+", HoleRatioBins.LabelOf(0.4));
        Assert.Equal("40%+", HoleRatioBins.LabelOf(1.0));
    }
}
