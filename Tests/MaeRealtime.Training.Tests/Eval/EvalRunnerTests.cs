using MaeRealtime.Training.Eval;

namespace MaeRealtime.Training.Tests.Eval;

public sealed class EvalRunnerTests
{
    private const int Size = 32;

    private static readonly EvalMaskFamily s_boxes = new("box", (rng, size) =>
        Images.Box(size, rng.Next(size / 2), rng.Next(size / 2), 4 + rng.Next(size / 3), 4 + rng.Next(size / 3)));

    private static readonly EvalMaskFamily s_strokes = new("stroke", (_, size) => Images.Stroke(size));

    [Fact]
    public void ScoresEveryMethodPerFamilyBinAndOverall()
    {
        var runner = new EvalRunner([new PushPullBaseline(), new MeanFillBaseline()], [s_boxes, s_strokes], perImage: 3, seed: 7);
        var samples = new List<EvalSample>();

        var results = runner.Run(TwoImages(), samples.Add);

        Assert.Equal(2, results.Images);
        Assert.Equal(12, results.Samples);
        Assert.Equal(["pushpull/box", "pushpull/stroke", "mean/box", "mean/stroke"], results.ByFamily.Select(r => $"{r.Method}/{r.Group}"));
        Assert.All(results.ByFamily, r => Assert.Equal(6, r.Images));
        Assert.Equal(["pushpull", "mean"], results.Overall.Select(r => r.Method));
        Assert.All(results.Overall, r => Assert.Equal(12, r.Images));
        Assert.Equal(24, results.ByBin.Sum(r => r.Images));
        Assert.All(results.ByFamily, r => Assert.InRange(r.Psnr, 5, EvalAccumulator.PsnrCeiling));
        Assert.Equal(12, samples.Count);
        Assert.All(samples, s => Assert.Equal(2, s.Fills.Count));
    }

    [Fact]
    public void MasksDependOnlyOnSeedImageFamilyAndIndex()
    {
        var first = new List<EvalSample>();
        var second = new List<EvalSample>();
        new EvalRunner([new MeanFillBaseline()], [s_boxes], 2, seed: 3).Run(TwoImages(), first.Add);
        // Another family in front and another method change nothing for the box masks.
        new EvalRunner([new PushPullBaseline(), new MeanFillBaseline()], [s_strokes, s_boxes], 2, seed: 3).Run(TwoImages(), second.Add);
        var other = new List<EvalSample>();
        new EvalRunner([new MeanFillBaseline()], [s_boxes], 2, seed: 4).Run(TwoImages(), other.Add);

        var boxes = second.Where(s => s.Family == "box").ToList();
        Assert.Equal(first.Count, boxes.Count);
        for (int i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i].Holes, boxes[i].Holes);
        }

        Assert.Contains(Enumerable.Range(0, first.Count), i => !first[i].Holes.SequenceEqual(other[i].Holes));
    }

    [Fact]
    public void AMethodThatChangesKnownPixels_IsRejected()
    {
        var runner = new EvalRunner([new DarkeningFill()], [s_boxes], 1, 0);

        var ex = Assert.Throws<InvalidOperationException>(() => runner.Run(TwoImages()));
        Assert.Contains("'darken' changed known pixel", ex.Message);
    }

    [Fact]
    public void EmptyMasksAreSkippedAndCounted()
    {
        var empty = new EvalMaskFamily("none", (_, size) => new float[size * size]);

        var results = new EvalRunner([new MeanFillBaseline()], [empty, s_boxes], 1, 0).Run(TwoImages());

        Assert.Equal(2, results.SkippedEmptyMasks);
        Assert.Equal(2, results.Samples);
        Assert.DoesNotContain(results.ByFamily, r => r.Group == "none");
    }

    [Fact]
    public void Crops_CenterAndSeededStayInside()
    {
        const int w = 10, h = 6;
        var pixels = Enumerable.Range(0, w * h * 3).Select(i => (float)i).ToArray();

        float[] center = EvalCrop.Center(pixels, w, h, 4);
        // Centre crop of 10x6 at size 4 starts at (3, 1).
        Assert.Equal(pixels[((1 * w) + 3) * 3], center[0]);
        for (int seed = 0; seed < 20; seed++)
        {
            Assert.Equal(48, EvalCrop.Random(pixels, w, h, 4, new Random(seed)).Length);
        }

        Assert.Throws<ArgumentException>(() => EvalCrop.Center(pixels, w, h, 7));
    }

    private static IEnumerable<EvalImage> TwoImages()
    {
        yield return new EvalImage("a.png", Size, Images.Gradient(Size));
        yield return new EvalImage("sub/b.png", Size, Images.Noise(Size, 9));
    }
}
