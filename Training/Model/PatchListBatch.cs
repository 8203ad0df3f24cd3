using static TorchSharp.torch;

namespace MaeRealtime.Training.Model;

/// <summary>
/// Per-image context and query patch lists (<c>Runtime.Inference.PatchPlan</c>'s, ascending), padded to the longest
/// list of the batch, with the additive attention biases that hide the padding. Padded ids point at patch 0 and
/// their rows are computed but never attended to (bias -inf) nor scored (<see cref="QueryValid"/> 0), so each
/// image's valid rows equal its forward alone. Owns its tensors.
/// </summary>
public sealed class PatchListBatch : IDisposable
{
    private PatchListBatch(int[] contextCounts, int[] queryCounts, Tensor contextIds, Tensor queryIds, Tensor queryValid, Tensor encoderKeyBias, Tensor decoderKeyBias)
    {
        ContextCounts = contextCounts;
        QueryCounts = queryCounts;
        ContextIds = contextIds;
        QueryIds = queryIds;
        QueryValid = queryValid;
        EncoderKeyBias = encoderKeyBias;
        DecoderKeyBias = decoderKeyBias;
    }

    /// <summary>Images in the batch (N).</summary>
    public int Count => ContextCounts.Count;

    /// <summary>Context patches of each image.</summary>
    public IReadOnlyList<int> ContextCounts { get; }

    /// <summary>Query patches of each image.</summary>
    public IReadOnlyList<int> QueryCounts { get; }

    /// <summary>The padded context length Kmax (0 when no image has context).</summary>
    public long MaxContext => ContextIds.shape[1];

    /// <summary>The padded query length Qmax (at least 1, so tensors never have an empty token axis).</summary>
    public long MaxQuery => QueryIds.shape[1];

    /// <summary>[N, Kmax] int64: context patch ids, ascending, padded with 0.</summary>
    public Tensor ContextIds { get; }

    /// <summary>[N, Qmax] int64: query patch ids, ascending, padded with 0.</summary>
    public Tensor QueryIds { get; }

    /// <summary>[N, Qmax] float32: 1 on real queries, 0 on padding.</summary>
    public Tensor QueryValid { get; }

    /// <summary>[N, 1, 1, 1+Kmax] float32: 0 on the cls and real context keys, -inf on padding.</summary>
    public Tensor EncoderKeyBias { get; }

    /// <summary>[N, 1, 1, 1+Kmax+Qmax] float32: the decoder's keys (cls, context, then queries); -inf on padding.</summary>
    public Tensor DecoderKeyBias { get; }

    /// <summary>Packs per-image lists (context[i] and query[i] belong to image i) on <paramref name="device"/>.</summary>
    /// <exception cref="ArgumentException">The lists differ in count, are empty, or an id is outside [0, <paramref name="numPatches"/>).</exception>
    public static PatchListBatch Create(IReadOnlyList<int[]> context, IReadOnlyList<int[]> query, int numPatches, Device? device = null)
    {
        if (context.Count == 0 || context.Count != query.Count)
        {
            throw new ArgumentException($"Expected one context and one query list per image (at least one image); found {context.Count} and {query.Count}.", nameof(query));
        }

        int n = context.Count;
        int kMax = context.Max(c => c.Length);
        int qMax = Math.Max(1, query.Max(q => q.Length));
        var contextIds = new long[n * kMax];
        var queryIds = new long[n * qMax];
        var queryValid = new float[n * qMax];
        var encoderBias = new float[n * (1 + kMax)];
        var decoderBias = new float[n * (1 + kMax + qMax)];
        for (int i = 0; i < n; i++)
        {
            Pack(context[i], numPatches, contextIds.AsSpan(i * kMax, kMax), "context");
            Pack(query[i], numPatches, queryIds.AsSpan(i * qMax, qMax), "query");
            for (int j = 0; j < qMax; j++)
            {
                queryValid[(i * qMax) + j] = j < query[i].Length ? 1f : 0f;
            }

            // Row 0 is the cls token, always a real key: every softmax has a finite entry.
            for (int j = 0; j < kMax; j++)
            {
                float bias = j < context[i].Length ? 0f : float.NegativeInfinity;
                encoderBias[(i * (1 + kMax)) + 1 + j] = bias;
                decoderBias[(i * (1 + kMax + qMax)) + 1 + j] = bias;
            }

            for (int j = 0; j < qMax; j++)
            {
                decoderBias[(i * (1 + kMax + qMax)) + 1 + kMax + j] = j < query[i].Length ? 0f : float.NegativeInfinity;
            }
        }

        return new PatchListBatch(
            context.Select(c => c.Length).ToArray(),
            query.Select(q => q.Length).ToArray(),
            tensor(contextIds, new long[] { n, kMax }, ScalarType.Int64, device),
            tensor(queryIds, new long[] { n, qMax }, ScalarType.Int64, device),
            tensor(queryValid, new long[] { n, qMax }, ScalarType.Float32, device),
            tensor(encoderBias, new long[] { n, 1, 1, 1 + kMax }, ScalarType.Float32, device),
            tensor(decoderBias, new long[] { n, 1, 1, 1 + kMax + qMax }, ScalarType.Float32, device));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ContextIds.Dispose();
        QueryIds.Dispose();
        QueryValid.Dispose();
        EncoderKeyBias.Dispose();
        DecoderKeyBias.Dispose();
    }

    private static void Pack(int[] ids, int numPatches, Span<long> row, string what)
    {
        for (int j = 0; j < ids.Length; j++)
        {
            if (ids[j] < 0 || ids[j] >= numPatches)
            {
                throw new ArgumentException($"{what} ids: expected ids in [0, {numPatches}), found {ids[j]}.");
            }

            row[j] = ids[j];
        }

        // The rest stays 0: padding gathers patch 0, whose rows the biases hide.
    }
}
