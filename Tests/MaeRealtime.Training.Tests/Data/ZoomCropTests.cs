using MaeRealtime.Training.Data;
using MaeRealtime.Training.Tests.Support;

namespace MaeRealtime.Training.Tests.Data;

public sealed class ZoomCropTests
{
    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    [Fact]
    public void Crops_AreSquare_Inside_AndSizedByTheZoomRange()
    {
        var zoom = new ZoomCrop(1, 1.5);
        var rng = new Random(3);
        int below = 0, above = 0;
        for (int i = 0; i < 4000; i++)
        {
            int w = 200 + rng.Next(800), h = 200 + rng.Next(600);
            var c = zoom.Sample(rng, w, h, 128);
            Assert.True(c.X >= 0 && c.Y >= 0 && c.X + c.Width <= w && c.Y + c.Height <= h, $"{c} outside {w}x{h}");
            Assert.Equal(c.Width, c.Height);
            Assert.InRange(c.Width, 128, 192);
            // Log-uniform: the geometric midpoint 128 * sqrt(1.5) ~ 157 splits the draws about evenly.
            if (c.Width < 157)
            {
                below++;
            }
            else
            {
                above++;
            }
        }

        Assert.InRange(below / 4000.0, 0.45, 0.55);
        Assert.True(above > 0);
    }

    [Fact]
    public void ImagesSmallerThanTheCrop_AreSeenWhole_ShortSideFirst()
    {
        var c = new ZoomCrop(2, 2).Sample(new Random(1), 300, 90, 128);
        Assert.Equal((90, 90, 0), (c.Width, c.Height, c.Y));
        Assert.InRange(c.X, 0, 210);
    }

    [Theory]
    [InlineData("1,1.5", 1.0, 1.5)]
    [InlineData(" 0.75 , 2 ", 0.75, 2.0)]
    [InlineData("1", 1.0, 1.0)]
    public void Parse_ReadsARangeOrOneValue(string text, double min, double max) =>
        Assert.Equal(new ZoomCrop(min, max), ZoomCrop.Parse(text));

    [Theory]
    [InlineData("0,1")]
    [InlineData("2,1")]
    [InlineData("-1")]
    [InlineData("one")]
    [InlineData("1,2,3")]
    [InlineData("1,inf")]
    public void Parse_RejectsBadRangesByName(string text)
    {
        var ex = Assert.Throws<ArgumentException>(() => ZoomCrop.Parse(text));
        Assert.Contains("zoom", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void SamplerAtNativeZoom_CopiesSourcePixelsUnscaled()
    {
        // At zoom 1 every sample is an exact (possibly mirrored) 32x32 window of its source image: no resampling.
        var data = SyntheticImages.Dataset(4);
        var sampler = new BatchSampler(data, 6, 32, Mean, Std, seed: 8, zoom: new ZoomCrop(1, 1));
        var batch = sampler.CreateBatch();
        sampler.Fill(2, batch);
        for (int j = 0; j < 6; j++)
        {
            var image = data.Images[batch.SourceIndices[j]];
            var sample = batch.Pixels.AsSpan(j * 3 * 32 * 32, 3 * 32 * 32).ToArray();
            Assert.True(FindsWindow(image, sample, 32), $"sample {j} is not an unscaled window of '{image.Source}'");
        }
    }

    private static bool FindsWindow(DecodedImage image, float[] sample, int size)
    {
        var window = new float[3 * size * size];
        foreach (bool flip in new[] { false, true })
        {
            for (int y = 0; y + size <= image.Height; y++)
            {
                for (int x = 0; x + size <= image.Width; x++)
                {
                    CropResampler.Resample(image, new CropRect(x, y, size, size), size, flip, Mean, Std, window);
                    if (window.AsSpan().SequenceEqual(sample))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
