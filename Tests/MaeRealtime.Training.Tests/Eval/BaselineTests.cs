using MaeRealtime.Training.Eval;

namespace MaeRealtime.Training.Tests.Eval;

public sealed class BaselineTests
{
    private const int Size = 48;

    public static TheoryData<string, double> BaselinesAndGradientFloors => new()
    {
        // Floors sit a few dB under what each method reaches on this gradient, so they catch a broken
        // method (wrong channel order, holes left black, colour spilling) without being brittle.
        { "telea", 33 },
        { "ns", 35 },
        { "pushpull", 30 },
        { "mean", 12 },
    };

    [Theory]
    [MemberData(nameof(BaselinesAndGradientFloors))]
    public void FillsASmoothGradientsHoles_AboveAFloor_AndKeepsKnownPixelsExact(string name, double floorDb)
    {
        var baseline = InpaintBaselines.Create(name);
        float[] image = Images.Gradient(Size);
        float[] holes = Images.Stroke(Size);
        foreach (int i in Enumerable.Range(0, holes.Length).Where(i => holes[i] >= 0.5f))
        {
            holes[i] = 1f;
        }

        float[] input = (float[])image.Clone();
        for (int i = 0; i < holes.Length; i++)
        {
            if (holes[i] >= 0.5f)
            {
                // The hole's content must not matter: poison it.
                input[3 * i] = input[(3 * i) + 1] = input[(3 * i) + 2] = 0f;
            }
        }

        var output = new float[image.Length];
        baseline.Fill(input, holes, Size, Size, output);

        double psnr = HoleMetrics.Psnr(image, output, holes, Size, Size);
        Assert.True(psnr > floorDb, $"{name}: hole PSNR {psnr:F2} dB is below the floor of {floorDb} dB.");
        for (int i = 0; i < holes.Length; i++)
        {
            if (holes[i] < 0.5f)
            {
                for (int c = 0; c < 3; c++)
                {
                    Assert.Equal(input[(3 * i) + c], output[(3 * i) + c]);
                }
            }
        }
    }

    [Fact]
    public void PushPull_OnAConstantImage_ReturnsTheConstant()
    {
        const float value = 0.3137f;
        float[] image = Images.Constant(Size, value);
        float[] holes = Images.Stroke(Size);
        var output = new float[image.Length];

        new PushPullBaseline().Fill(image, holes, Size, Size, output);

        Assert.All(output, v => Assert.Equal(value, v, 6));
    }

    [Fact]
    public void PushPull_FillsLargeHolesAndOddSizes()
    {
        const int w = 37, h = 23;
        var image = new float[w * h * 3];
        var holes = new float[w * h];
        for (int i = 0; i < holes.Length; i++)
        {
            // Only the left column is known: the fill must spread it across the whole image.
            holes[i] = i % w == 0 ? 0f : 1f;
            image[3 * i] = 0.8f;
            image[(3 * i) + 1] = 0.2f;
            image[(3 * i) + 2] = 0.5f;
        }

        var output = new float[image.Length];
        new PushPullBaseline().Fill(image, holes, w, h, output);

        for (int i = 0; i < holes.Length; i++)
        {
            Assert.Equal(0.8f, output[3 * i], 5);
            Assert.Equal(0.2f, output[(3 * i) + 1], 5);
            Assert.Equal(0.5f, output[(3 * i) + 2], 5);
        }
    }

    [Fact]
    public void PushPull_WithNothingKnown_FillsGray()
    {
        var image = Images.Constant(8, 0.9f);
        var holes = Enumerable.Repeat(1f, 64).ToArray();
        var output = new float[image.Length];

        new PushPullBaseline().Fill(image, holes, 8, 8, output);

        Assert.All(output, v => Assert.Equal(0.5f, v));
    }

    [Fact]
    public void MeanFill_UsesTheMeanColourOfKnownPixels()
    {
        const int w = 4, h = 1;
        float[] image = [0.2f, 0.4f, 0.6f, 0.9f, 0.9f, 0.9f, 0.4f, 0.0f, 0.2f, 0.9f, 0.9f, 0.9f];
        float[] holes = [0, 1, 0, 1];
        var output = new float[image.Length];

        new MeanFillBaseline().Fill(image, holes, w, h, output);

        Assert.Equal(0.3f, output[3], 6);
        Assert.Equal(0.2f, output[4], 6);
        Assert.Equal(0.4f, output[5], 6);
        Assert.Equal(output.AsSpan(3, 3).ToArray(), output.AsSpan(9, 3).ToArray());
        Assert.Equal(image.AsSpan(0, 3).ToArray(), output.AsSpan(0, 3).ToArray());
    }

    [Fact]
    public void Registry_ListsTheValidNamesForAnUnknownOne()
    {
        var ex = Assert.Throws<ArgumentException>(() => InpaintBaselines.Create("lama"));

        Assert.Contains("telea, ns, pushpull, mean", ex.Message);
        Assert.Equal(["telea", "ns", "pushpull", "mean"], InpaintBaselines.Names.Select(n => InpaintBaselines.Create(n).Name));
    }

    [Fact]
    public void OpenCv_NativeLibraryLoads()
    {
        // Fails with DllNotFoundException naming the missing system library (libgtk-3.so.0 on a bare
        // Debian) when OpenCvSharpExtern's dependencies are not installed; see tools/bootstrap.sh.
        Assert.StartsWith("4.", OpenCvSharp.Cv2.GetVersionString());
    }
}
