namespace MaeRealtime.Training.Eval;

/// <summary>
/// Seeds derived from the run's seed and a sample's identity, so a sample's mask (and crop) depends only
/// on (seed, image, family, index): adding images, families or methods, or reordering them, leaves the
/// other samples unchanged. FNV-1a over UTF-16 code units, stable across runs and .NET versions unlike
/// <see cref="string.GetHashCode()"/>.
/// </summary>
public static class EvalSeeds
{
    /// <summary>A seed for sample (<paramref name="image"/>, <paramref name="family"/>, <paramref name="index"/>) of a run seeded with <paramref name="seed"/>.</summary>
    public static int ForMask(int seed, string image, string family, int index) => Hash($"mask|{seed}|{image}|{family}|{index}");

    /// <summary>A seed for the crop position of <paramref name="image"/> in a run seeded with <paramref name="seed"/>.</summary>
    public static int ForCrop(int seed, string image) => Hash($"crop|{seed}|{image}");

    private static int Hash(string text)
    {
        uint h = 2166136261;
        foreach (char ch in text)
        {
            h = (h ^ ch) * 16777619;
        }

        return (int)(h & 0x7fffffff);
    }
}
