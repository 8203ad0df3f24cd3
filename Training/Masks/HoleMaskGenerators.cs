namespace MaeRealtime.Training.Masks;

/// <summary>The hole-mask families by name, for the trainer's inpainting mode and the evaluation.</summary>
public static class HoleMaskGenerators
{
    /// <summary>Every family, in a fixed order: thin, medium, thick, box, object, disocclusion.</summary>
    public static IReadOnlyList<RatioTargetedMaskGenerator> All { get; } =
    [
        BrushStrokeMaskGenerator.Thin,
        BrushStrokeMaskGenerator.Medium,
        BrushStrokeMaskGenerator.Thick,
        BoxMaskGenerator.Instance,
        ObjectMaskGenerator.Instance,
        DisocclusionMaskGenerator.Instance,
    ];

    /// <summary>The family names, in <see cref="All"/> order.</summary>
    public static IReadOnlyList<string> Families { get; } = All.Select(g => g.Family).ToArray();

    /// <summary>The generator of <paramref name="family"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown family; the message lists the known ones.</exception>
    public static RatioTargetedMaskGenerator Get(string family)
    {
        ArgumentNullException.ThrowIfNull(family);
        return All.FirstOrDefault(g => string.Equals(g.Family, family.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown hole-mask family '{family}'; known families: {string.Join(", ", Families)}.", nameof(family));
    }

    /// <summary>The hole-ratio range of <paramref name="family"/>.</summary>
    public static HoleRatioRange RatioRange(string family) => Get(family).RatioRange;

    /// <summary>
    /// Generators for a comma-separated list of family names ("thin,box"); null, empty or "all" means every family.
    /// Duplicates are dropped, order kept.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown family.</exception>
    public static IReadOnlyList<RatioTargetedMaskGenerator> Parse(string? families)
    {
        if (string.IsNullOrWhiteSpace(families) || string.Equals(families.Trim(), "all", StringComparison.OrdinalIgnoreCase))
        {
            return All;
        }

        return families.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Get)
            .Distinct()
            .ToArray();
    }

    /// <summary>The fraction of hole pixels in <paramref name="mask"/> (1 = hole).</summary>
    public static double HoleRatio(ReadOnlySpan<float> mask)
    {
        int holes = 0;
        foreach (float v in mask)
        {
            if (v != 0f)
            {
                holes++;
            }
        }

        return mask.Length == 0 ? 0 : (double)holes / mask.Length;
    }
}
