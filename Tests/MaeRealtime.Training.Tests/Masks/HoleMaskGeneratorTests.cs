using MaeRealtime.Training.Masks;

namespace MaeRealtime.Training.Tests.Masks;

public sealed class HoleMaskGeneratorTests
{
    public static TheoryData<string> Families() => new(HoleMaskGenerators.Families);

    [Theory]
    [MemberData(nameof(Families))]
    public void HoleRatio_StaysInTheFamilysRange_OverManySeeds(string family)
    {
        var generator = HoleMaskGenerators.Get(family);
        var range = generator.RatioRange;
        var ratios = new List<double>();
        foreach (int size in new[] { 64, 128, 256 })
        {
            for (int seed = 0; seed < (size == 256 ? 20 : 60); seed++)
            {
                float[] mask = generator.Generate(new Random(seed), size);
                Assert.Equal(size * size, mask.Length);
                Assert.All(mask, v => Assert.True(v is 0f or 1f));
                double ratio = HoleMaskGenerators.HoleRatio(mask);
                Assert.True(range.Contains(ratio), $"{family} at {size} px, seed {seed}: hole ratio {ratio:F3} outside {range}");
                ratios.Add(ratio);
            }
        }

        // Targets are uniform over the range, so masks must spread over it rather than pile up at one end.
        double spread = range.Max - range.Min;
        Assert.True(ratios.Min() < range.Min + (0.35 * spread), $"{family}: smallest ratio {ratios.Min():F3}");
        Assert.True(ratios.Max() > range.Max - (0.35 * spread), $"{family}: largest ratio {ratios.Max():F3}");
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void SameSeed_SameMask_OtherSeed_OtherMask(string family)
    {
        var generator = HoleMaskGenerators.Get(family);
        Assert.Equal(generator.Generate(new Random(7), 96), generator.Generate(new Random(7), 96));
        Assert.NotEqual(generator.Generate(new Random(7), 96), generator.Generate(new Random(8), 96));
    }

    [Fact]
    public void BrushFamilies_GetWiderInOrder()
    {
        // Mean run length of holes along rows grows with the brush width: thin < medium < thick.
        double Width(RatioTargetedMaskGenerator g)
        {
            long holes = 0, runs = 0;
            for (int seed = 0; seed < 20; seed++)
            {
                float[] m = g.Generate(new Random(seed), 256);
                for (int y = 0; y < 256; y++)
                {
                    for (int x = 0; x < 256; x++)
                    {
                        if (m[(y * 256) + x] != 0f)
                        {
                            holes++;
                            runs += x == 0 || m[(y * 256) + x - 1] == 0f ? 1 : 0;
                        }
                    }
                }
            }

            return (double)holes / runs;
        }

        double thin = Width(BrushStrokeMaskGenerator.Thin), medium = Width(BrushStrokeMaskGenerator.Medium), thick = Width(BrushStrokeMaskGenerator.Thick);
        Assert.True(thin < medium && medium < thick, $"mean run lengths thin {thin:F1}, medium {medium:F1}, thick {thick:F1}");
        Assert.InRange(thin, 1, 10);
        Assert.InRange(thick, 18, 60);
    }

    [Fact]
    public void Registry_FindsFamiliesByName_AndListsThemOnError()
    {
        Assert.Equal(["thin", "medium", "thick", "box", "object", "disocclusion"], HoleMaskGenerators.Families);
        Assert.Same(BoxMaskGenerator.Instance, HoleMaskGenerators.Get("BOX"));
        Assert.Equal(["thin", "box"], HoleMaskGenerators.Parse("thin, box,thin").Select(g => g.Family));
        Assert.Equal(HoleMaskGenerators.All, HoleMaskGenerators.Parse("all"));
        Assert.Equal(HoleMaskGenerators.All, HoleMaskGenerators.Parse(null));
        var ex = Assert.Throws<ArgumentException>(() => HoleMaskGenerators.Get("stripes"));
        Assert.Contains("stripes", ex.Message);
        Assert.Contains("disocclusion", ex.Message);
    }

    [Fact]
    public void Mix_PicksEveryFamily_Deterministically()
    {
        var mix = new HoleMaskMix(HoleMaskGenerators.All);
        var families = Enumerable.Range(0, 120).Select(s => mix.Generate(new Random(s), 32).Family).ToHashSet();
        Assert.Equal(HoleMaskGenerators.Families.ToHashSet(), families);
        Assert.Equal(mix.Generate(new Random(3), 32).Mask, mix.Generate(new Random(3), 32).Mask);
    }

    [Fact]
    public void Disocclusion_KeepsTheObjectItselfKnown_StripsAreThin()
    {
        // Strips hug edges: most hole pixels have a known pixel within a few pixels (unlike boxes or blobs).
        var generator = DisocclusionMaskGenerator.Instance;
        int size = 128;
        double nearEdge = 0;
        int samples = 0;
        for (int seed = 0; seed < 20; seed++)
        {
            float[] m = generator.Generate(new Random(seed), size);
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    if (m[(y * size) + x] == 0f)
                    {
                        continue;
                    }

                    samples++;
                    bool near = false;
                    for (int d = -6; d <= 6 && !near; d++)
                    {
                        near = Known(m, size, x + d, y) || Known(m, size, x, y + d);
                    }

                    nearEdge += near ? 1 : 0;
                }
            }
        }

        Assert.True(nearEdge / samples > 0.9, $"only {nearEdge / samples:P0} of disocclusion hole pixels lie within 6 px of a known pixel");

        static bool Known(float[] m, int size, int x, int y) => x >= 0 && y >= 0 && x < size && y < size && m[(y * size) + x] == 0f;
    }
}
