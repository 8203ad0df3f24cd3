using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Training.Trainer;

/// <summary>
/// The masked-queries fine-tune's per-image patch lists from a batch of hole masks, by the runtime's one rule
/// (<see cref="PatchPlan"/>): queries = the masked patches, context = the visible patches (within the image's
/// radius of a query when the radius is &gt; 0, grown with the hole depth as PatchPlan grows it), both ascending. Unlike <see cref="HolePatchSelection"/> no extra
/// patch is masked to equalize counts: the batch pads to its longest list instead (<see cref="Model.PatchListBatch"/>).
/// </summary>
public static class HoleQueryLists
{
    /// <summary>
    /// Lists for hole masks [N * S * S] (&gt;= 0.5 = hole pixel, as <see cref="PatchPlan.HolePixelsPerPatch"/>),
    /// image i with context radius <paramref name="radii"/>[i].
    /// </summary>
    public static (int[][] Context, int[][] Query) Create(ReadOnlySpan<float> holes, int batch, MaeConfig config, IReadOnlyList<int> radii)
    {
        int area = config.ImageSize * config.ImageSize;
        if (holes.Length != batch * area || radii.Count != batch)
        {
            throw new ArgumentException($"Expected {batch} hole masks of {config.ImageSize}x{config.ImageSize} and {batch} radii, found {holes.Length} values and {radii.Count} radii.");
        }

        var context = new int[batch][];
        var query = new int[batch][];
        for (int i = 0; i < batch; i++)
        {
            int[] counts = PatchPlan.HolePixelsPerPatch(holes.Slice(i * area, area), config);
            (context[i], query[i]) = PatchPlan.ForTile(counts, config, radii[i]);
        }

        return (context, query);
    }
}
