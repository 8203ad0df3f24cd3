using MaeRealtime.Training.Data;
using MaeRealtime.Training.Masks;
using MaeRealtime.Training.Tests.Support;

namespace MaeRealtime.Training.Tests.Data;

public sealed class BatchSamplerTests
{
    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    [Fact]
    public void RandomResizedCrop_StaysInsideWithTheReferenceScaleAndRatio()
    {
        var rng = new Random(5);
        for (int i = 0; i < 2000; i++)
        {
            // Photo-like aspects; extreme ones take the centre-crop fallback, tested below.
            int w = 20 + rng.Next(500), h = (int)(w * (0.6 + rng.NextDouble()));
            var c = RandomResizedCrop.Sample(rng, w, h);
            Assert.True(c.X >= 0 && c.Y >= 0 && c.X + c.Width <= w && c.Y + c.Height <= h, $"{c} outside {w}x{h}");
            double ratio = (double)c.Width / c.Height, area = (double)c.Width * c.Height / (w * h);
            // Integer rounding of width and height widens the bounds by about a pixel.
            double slack = (1.0 / c.Width) + (1.0 / c.Height);
            Assert.InRange(ratio, (3.0 / 4.0) - (2 * slack), (4.0 / 3.0) + (2 * slack));
            Assert.InRange(area, 0.2 - (2 * slack), 1.0);
        }
    }

    [Fact]
    public void RandomResizedCrop_FallsBackToACentreCropForExtremeAspect()
    {
        var c = RandomResizedCrop.Sample(new Random(1), 1000, 10);
        Assert.Equal(new CropRect((1000 - 13) / 2, 0, 13, 10), c);
    }

    [Fact]
    public void Batches_HaveTheModelsShape_AndArePureFunctionsOfSeedAndIndex()
    {
        var data = SyntheticImages.Dataset(5);
        var sampler = new BatchSampler(data, 3, 32, Mean, Std, seed: 11);
        var a = sampler.CreateBatch();
        var b = sampler.CreateBatch();
        sampler.Fill(4, a);
        sampler.Fill(7, b);
        sampler.Fill(4, b);
        Assert.Equal(3 * 3 * 32 * 32, a.Pixels.Length);
        Assert.Null(a.Holes);
        Assert.Equal(a.Pixels, b.Pixels);
        Assert.Equal(a.SourceIndices, b.SourceIndices);

        sampler.Fill(5, b);
        Assert.NotEqual(a.Pixels, b.Pixels);

        var other = new BatchSampler(data, 3, 32, Mean, Std, seed: 12);
        other.Fill(4, b);
        Assert.NotEqual(a.Pixels, b.Pixels);
    }

    [Fact]
    public void EveryImageIsUsedOncePerEpoch()
    {
        var data = SyntheticImages.Dataset(7);
        var sampler = new BatchSampler(data, 7, 16, Mean, Std, seed: 2);
        var batch = sampler.CreateBatch();
        for (int epoch = 0; epoch < 3; epoch++)
        {
            sampler.Fill(epoch, batch);
            Assert.Equal(Enumerable.Range(0, 7), batch.SourceIndices.Order());
        }
    }

    [Fact]
    public void InpaintBatches_CarryHoleMasksInTheFamilyRanges()
    {
        var data = SyntheticImages.Dataset(3);
        var mix = new HoleMaskMix(HoleMaskGenerators.Parse("thick,box"));
        var sampler = new BatchSampler(data, 4, 64, Mean, Std, seed: 3, holes: mix);
        var batch = sampler.CreateBatch();
        sampler.Fill(0, batch);
        Assert.Equal(4 * 64 * 64, batch.Holes!.Length);
        for (int j = 0; j < 4; j++)
        {
            double ratio = HoleMaskGenerators.HoleRatio(batch.Holes.AsSpan(j * 64 * 64, 64 * 64));
            Assert.True(HoleMaskGenerators.RatioRange(batch.HoleFamilies![j]).Contains(ratio));
        }
    }

    [Fact]
    public void Resampler_CopiesAnUnscaledCropExactly_NormalizesAndMirrors()
    {
        var image = SyntheticImages.Create(10, 8, 9);
        var crop = new CropRect(2, 1, 6, 6);
        var plain = new float[3 * 36];
        var mirrored = new float[3 * 36];
        CropResampler.Resample(image, crop, 6, flip: false, Mean, Std, plain);
        CropResampler.Resample(image, crop, 6, flip: true, Mean, Std, mirrored);
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < 6; y++)
            {
                for (int x = 0; x < 6; x++)
                {
                    byte v = image.Rgb[((((crop.Y + y) * image.Width) + crop.X + x) * 3) + c];
                    float expected = ((v / 255f) - Mean[c]) / Std[c];
                    Assert.Equal(expected, plain[(c * 36) + (y * 6) + x], 4);
                    Assert.Equal(plain[(c * 36) + (y * 6) + x], mirrored[(c * 36) + (y * 6) + (5 - x)]);
                }
            }
        }
    }

    [Fact]
    public void Resampler_DownscalesAConstantImageToTheSameConstant()
    {
        var rgb = Enumerable.Repeat(new byte[] { 200, 100, 50 }, 97 * 61).SelectMany(p => p).ToArray();
        var image = new DecodedImage("flat", 97, 61, rgb);
        var output = new float[3 * 16 * 16];
        CropResampler.Resample(image, new CropRect(3, 2, 90, 55), 16, flip: false, Mean, Std, output);
        for (int c = 0; c < 3; c++)
        {
            float expected = ((rgb[c] / 255f) - Mean[c]) / Std[c];
            Assert.All(output.Skip(c * 256).Take(256), v => Assert.Equal(expected, v, 4));
        }
    }

    [Fact]
    public void Prefetcher_DeliversBatchesInOrder_EqualToDirectFills()
    {
        var data = SyntheticImages.Dataset(4);
        var sampler = new BatchSampler(data, 2, 16, Mean, Std, seed: 4);
        var direct = new BatchSampler(data, 2, 16, Mean, Std, seed: 4);
        var expected = direct.CreateBatch();
        using var prefetcher = new BatchPrefetcher(sampler, firstBatchIndex: 10);
        for (long i = 10; i < 16; i++)
        {
            var batch = prefetcher.Take();
            direct.Fill(i, expected);
            Assert.Equal(i, batch.Index);
            Assert.Equal(expected.Pixels, batch.Pixels);
            prefetcher.Return(batch);
        }
    }
}
