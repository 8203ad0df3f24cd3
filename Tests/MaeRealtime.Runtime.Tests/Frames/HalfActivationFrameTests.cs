using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Tests.Gpu;

namespace MaeRealtime.Runtime.Tests.Frames;

/// <summary>
/// The frame pass with fp16 activations (the tiled family's <c>_act16</c> kernels, which lavapipe runs) against the
/// same pass with fp32 ones: the fill moves by at most a level or two, and known pixels stay the input's, bit for bit.
/// </summary>
public sealed class HalfActivationFrameTests(GpuFixture fixture) : GpuTest(fixture)
{
    private static readonly MaeConfig Model = MaeConfigPresets.Get("tiny") with { Fill = HoleFill.ResidualPushPullBlend, Decoder = DecoderKind.MaskedQueries, ContextRadius = 1 };

    [Fact]
    public void HalfActivations_MoveTheFillByAtMostTwoLevels_AndKeepKnownPixelsExact()
    {
        using var dir = new TempDirectory();
        using var weights = new GpuWeights(Context, WeightFile.Load(TestWeights.WriteRandom(Model, seed: 12, dir.Path)));
        int w = 150, h = 90;
        var rgba = FrameTestData.Rgba(w, h, 9);
        var mask = FrameTestData.Mask(w, h, (3, 3, 140, 4), (70, 10, 6, 75), (120, 60, 25, 25));
        byte[] Run(ActivationPrecision precision)
        {
            using var inpainter = new ImageInpainter(Context, weights, new FrameInpainterOptions { MaxWidth = w, MaxHeight = h, Kernels = KernelFamily.Tiled, Activations = precision });
            Assert.Equal(precision == ActivationPrecision.Float16, inpainter.Frames.HalfActivations);
            var output = new byte[rgba.Length];
            inpainter.Inpaint(rgba, mask, w, h, output);
            return output;
        }

        var full = Run(ActivationPrecision.Float32);
        var half = Run(ActivationPrecision.Float16);
        int holes = 0, worst = 0;
        for (int p = 0; p < w * h; p++)
        {
            bool hole = mask[p] >= 128;
            holes += hole ? 1 : 0;
            for (int c = 0; c < 4; c++)
            {
                int i = (p * 4) + c;
                if (!hole || c == 3)
                {
                    Assert.True(half[i] == rgba[i], $"known pixel {p} channel {c}: {half[i]}, input {rgba[i]}");
                    continue;
                }

                worst = Math.Max(worst, Math.Abs(half[i] - full[i]));
            }
        }

        Assert.True(holes > 1000, $"only {holes} hole pixels");
        Assert.True(worst <= 2, $"fp16 activations moved a filled value by {worst} levels against fp32");
    }
}
