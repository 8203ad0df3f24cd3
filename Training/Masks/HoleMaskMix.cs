namespace MaeRealtime.Training.Masks;

/// <summary>A uniform mix of families for training: each mask picks its family first, then draws from it.</summary>
public sealed class HoleMaskMix
{
    /// <summary>Mixes <paramref name="generators"/> with equal weight.</summary>
    public HoleMaskMix(IReadOnlyList<IHoleMaskGenerator> generators)
    {
        ArgumentNullException.ThrowIfNull(generators);
        if (generators.Count == 0)
        {
            throw new ArgumentException("A hole-mask mix needs at least one family.", nameof(generators));
        }

        Generators = generators;
    }

    /// <summary>The mixed families.</summary>
    public IReadOnlyList<IHoleMaskGenerator> Generators { get; }

    /// <summary>One mask (row-major, 1 = hole) and the family it came from; deterministic in <paramref name="rng"/>.</summary>
    public (float[] Mask, string Family) Generate(Random rng, int size)
    {
        var generator = Generators[rng.Next(Generators.Count)];
        return (generator.Generate(rng, size), generator.Family);
    }
}
