using MaeRealtime.Training.Import;
using MaeRealtime.Training.Model;
using MaeRealtime.Training.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Tests.Model;

/// <summary>
/// The TorchSharp model against an independent float64 implementation (shared/fixtures/mae-golden): the
/// reference checkpoint, an image and a hole mask in; the reconstruction and the composite out.
/// </summary>
public sealed class GoldenFixtureTests(ITestOutputHelper output)
{
    private const double ReconstructionTolerance = 2e-5;

    [Fact]
    public void ReconstructionAndCompositeMatchTheIndependentImplementation()
    {
        var config = GoldenFixture.Config();
        using var model = ReferenceCheckpoint.Load(GoldenFixture.File("ref.pth"), config.NumHeads, config.DecoderNumHeads);
        int s = config.ImageSize, p = config.PatchSize, g = config.GridSize;

        byte[,,] input = GoldenFixture.ReadRgb("input.png");
        byte[,] hole = GoldenFixture.ReadGray("mask.png");
        byte[,,] expectedComposite = GoldenFixture.ReadRgb("expected.png");
        float[] expectedRecon = GoldenFixture.ReadExpectedReconstruction();
        Assert.Equal(s * s * 3, expectedRecon.Length);

        // A patch is removed when any of its pixels is a hole (mask >= 128); the rest are kept, ascending.
        var kept = new List<int>();
        for (int patch = 0; patch < config.NumPatches; patch++)
        {
            int py = patch / g, px = patch % g;
            bool anyHole = false;
            for (int y = py * p; y < (py + 1) * p; y++)
            {
                for (int x = px * p; x < (px + 1) * p; x++)
                {
                    anyHole |= hole[y, x] >= 128;
                }
            }

            if (!anyHole)
            {
                kept.Add(patch);
            }
        }

        Assert.Equal(9, kept.Count); // the fixture README: 7 of 16 patches masked

        // pixels / 255, then ImageNet normalization, as [1, 3, S, S].
        var normalized = new float[3 * s * s];
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < s; y++)
            {
                for (int x = 0; x < s; x++)
                {
                    normalized[(c * s + y) * s + x] = (float)((input[y, x, c] / 255.0 - config.Mean[c]) / config.Std[c]);
                }
            }
        }

        using var imgs = tensor(normalized, new long[] { 1, 3, s, s });
        using var pred = model.Reconstruct(imgs, new[] { kept });          // [1, L, P]
        using var predImage = model.Unpatchify(pred);                        // [1, 3, S, S] normalized
        using var recon = model.DenormalizeImages(predImage);                // pixel units
        float[] ours = recon.contiguous().data<float>().ToArray();

        double maxError = 0;
        int halfLevelDifferences = 0;
        for (int y = 0; y < s; y++)
        {
            for (int x = 0; x < s; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    float value = ours[(c * s + y) * s + x];
                    float reference = expectedRecon[(y * s + x) * 3 + c];
                    maxError = Math.Max(maxError, Math.Abs(value - reference));

                    // Composite: known pixels copied, holes = round(clip(recon, 0, 1) * 255).
                    int composite = hole[y, x] >= 128
                        ? (int)Math.Round(Math.Clamp((double)value, 0, 1) * 255)
                        : input[y, x, c];
                    int want = expectedComposite[y, x, c];
                    if (composite != want)
                    {
                        double scaled = Math.Clamp((double)reference, 0, 1) * 255;
                        bool onAHalf = Math.Abs(scaled - Math.Floor(scaled) - 0.5) < 1e-3;
                        Assert.True(onAHalf && Math.Abs(composite - want) == 1, $"composite ({x}, {y}, c{c}): expected {want}, found {composite} (recon {value}, reference {reference})");
                        halfLevelDifferences++;
                    }
                }
            }
        }

        output.WriteLine($"golden reconstruction max abs error = {maxError:E3} (tolerance {ReconstructionTolerance:E0}); composite levels off by one on a half: {halfLevelDifferences}");
        Assert.True(maxError <= ReconstructionTolerance, $"max abs reconstruction error {maxError:E3} > {ReconstructionTolerance:E0}");
    }
}
