namespace MaeRealtime.Training.Eval;

/// <summary>
/// Sums scores per (method, group) and reports means. Per-sample PSNR is capped at
/// <see cref="PsnrCeiling"/> before averaging: an exact fill scores +infinity, which would swamp any
/// mean. A fill off by one 8-bit level in one channel of a 256x256 crop's holes already scores below
/// about 100 dB, so the cap only replaces infinities.
/// </summary>
public sealed class EvalAccumulator
{
    /// <summary>The PSNR an exact fill counts as in means, in dB.</summary>
    public const double PsnrCeiling = 100;

    private readonly Dictionary<(string Method, string Group), (double Psnr, double Ssim, double Milliseconds, int Count)> _cells = [];
    private readonly List<(string Method, string Group)> _order = [];

    /// <summary>Adds one sample's scores for <paramref name="method"/> to <paramref name="group"/>.</summary>
    public void Add(string method, string group, double psnr, double ssim, double milliseconds)
    {
        if (!_cells.TryGetValue((method, group), out var cell))
        {
            _order.Add((method, group));
        }

        _cells[(method, group)] = (cell.Psnr + Math.Min(psnr, PsnrCeiling), cell.Ssim + ssim, cell.Milliseconds + milliseconds, cell.Count + 1);
    }

    /// <summary>
    /// One row per (method, group) seen, ordered by <paramref name="methods"/> and then <paramref name="groups"/>
    /// (groups not listed follow in the order first seen).
    /// </summary>
    public IReadOnlyList<EvalRow> Rows(IReadOnlyList<string> methods, IReadOnlyList<string> groups)
    {
        int Rank(IReadOnlyList<string> list, string v)
        {
            int i = list.ToList().IndexOf(v);
            return i < 0 ? int.MaxValue : i;
        }

        return _order
            .Select((key, seen) => (key, seen))
            .OrderBy(k => Rank(methods, k.key.Method))
            .ThenBy(k => Rank(groups, k.key.Group))
            .ThenBy(k => k.seen)
            .Select(k =>
            {
                var c = _cells[k.key];
                return new EvalRow(k.key.Method, k.key.Group, c.Psnr / c.Count, c.Ssim / c.Count, c.Count, c.Milliseconds / c.Count);
            })
            .ToList();
    }
}
