using MaeRealtime.Editor.Cli;
using MaeRealtime.Training.Eval;
using MaeRealtime.Training.Masks;

namespace MaeRealtime.Editor.Eval;

/// <summary>
/// The mask families <c>mae eval</c> can use: the training mask generators (<see cref="HoleMaskGenerators"/>),
/// so the eval's holes have the shapes the inpainting fine-tune learns from.
/// </summary>
internal static class EvalMaskCatalog
{
    /// <summary>Valid family names, in registry order.</summary>
    public static IReadOnlyList<string> Names => HoleMaskGenerators.Families;

    /// <summary>The families called <paramref name="names"/>, in that order; throws <see cref="CliException"/> listing the valid names for an unknown one.</summary>
    public static IReadOnlyList<EvalMaskFamily> Resolve(IReadOnlyList<string> names)
    {
        var unknown = names.Where(n => !Names.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            throw new CliException($"Unknown mask family(ies) {string.Join(", ", unknown.Select(n => $"'{n}'"))} in --masks; valid: {string.Join(", ", Names)}.");
        }

        return names.Select(n => HoleMaskGenerators.Get(n)).Select(g => new EvalMaskFamily(g.Family, g.Generate)).ToList();
    }
}
