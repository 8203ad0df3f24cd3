namespace MaeRealtime.Training.Trainer;

/// <summary>
/// Which parameters get weight decay, after timm's <c>param_groups_weight_decay</c> as the reference uses it:
/// none for 1-D parameters (biases, LayerNorm weights), names ending in ".bias", or names in the skip list.
/// Parameters that do not train (the fixed sin-cos tables) are left out of the optimizer altogether.
/// </summary>
public static class WeightDecayGroups
{
    /// <summary>
    /// The default skip list: the cls and mask tokens and the position tables, as timm's ViT reports them in
    /// <c>no_weight_decay()</c>. (The reference's pretraining script passes no skip list, so it decays the two
    /// tokens; decaying a learned token towards zero only shrinks a bias-like vector, so this follows the ViT rule.)
    /// </summary>
    public static IReadOnlySet<string> DefaultSkipList { get; } =
        new HashSet<string>(StringComparer.Ordinal) { "cls_token", "mask_token", "pos_embed", "decoder_pos_embed" };

    /// <summary>Whether a parameter named <paramref name="name"/> with <paramref name="rank"/> dimensions is decayed.</summary>
    public static bool Decays(string name, long rank, IReadOnlySet<string>? skipList = null) =>
        rank > 1 && !name.EndsWith(".bias", StringComparison.Ordinal) && !(skipList ?? DefaultSkipList).Contains(name);

    /// <summary>Splits trainable parameters into (decay, no decay), each keeping the given order.</summary>
    public static (IReadOnlyList<(string Name, T Parameter)> Decay, IReadOnlyList<(string Name, T Parameter)> NoDecay) Split<T>(
        IEnumerable<(string Name, T Parameter)> parameters, Func<T, long> rank, Func<T, bool> trainable, IReadOnlySet<string>? skipList = null)
    {
        var decay = new List<(string, T)>();
        var noDecay = new List<(string, T)>();
        foreach (var (name, p) in parameters)
        {
            if (!trainable(p))
            {
                continue;
            }

            (Decays(name, rank(p), skipList) ? decay : noDecay).Add((name, p));
        }

        return (decay, noDecay);
    }
}
