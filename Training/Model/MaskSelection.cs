using TorchSharp;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Model;

/// <summary>
/// Which patches of each image the encoder sees, in the reference's views: the kept ids in encoder
/// order, the shuffle and the permutation that undoes it, and the 0/1 mask (1 = removed). The same object drives
/// training (random masking) and inference (kept ids from a hole mask), so tests, the trainer and the
/// runtime's parity checks share one definition. Owns its tensors.
/// </summary>
public sealed class MaskSelection : IDisposable
{
    private MaskSelection(Tensor idsKeep, Tensor idsShuffle, Tensor idsRestore, Tensor mask)
    {
        IdsKeep = idsKeep;
        IdsShuffle = idsShuffle;
        IdsRestore = idsRestore;
        Mask = mask;
    }

    /// <summary>[N, K] int64: the patch ids the encoder sees, in the order it sees them.</summary>
    public Tensor IdsKeep { get; }

    /// <summary>[N, L] int64: the encoder order of all patches, kept ids first (the first K equal <see cref="IdsKeep"/>).</summary>
    public Tensor IdsShuffle { get; }

    /// <summary>[N, L] int64: the inverse of ids_shuffle (kept ids followed by removed ids); the decoder unshuffles with it.</summary>
    public Tensor IdsRestore { get; }

    /// <summary>[N, L] float32: 0 where a patch is kept, 1 where it is removed, in patch order.</summary>
    public Tensor Mask { get; }

    /// <summary>Patches kept per image (K).</summary>
    public long KeptCount => IdsKeep.shape[1];

    /// <summary>The reference's <c>int(L * (1 - mask_ratio))</c>.</summary>
    public static int KeptCountFor(int numPatches, double maskRatio)
    {
        if (!(maskRatio >= 0 && maskRatio < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(maskRatio), maskRatio, "mask ratio must be in [0, 1).");
        }

        return (int)(numPatches * (1 - maskRatio));
    }

    /// <summary>The reference's random_masking: argsort of uniform noise, the first K smallest kept.</summary>
    public static MaskSelection Random(long batch, int numPatches, double maskRatio, Device? device = null, Generator? generator = null)
    {
        using var noise = rand(new long[] { batch, numPatches }, ScalarType.Float32, device, generator: generator);
        return FromNoise(noise, KeptCountFor(numPatches, maskRatio));
    }

    /// <summary>
    /// The reference's random_masking with explicit <paramref name="noise"/> [N, L]: ascending noise is kept,
    /// so a test can reproduce a reference run from its noise.
    /// </summary>
    public static MaskSelection FromNoise(Tensor noise, int keptCount)
    {
        if (noise.dim() != 2)
        {
            throw new ArgumentException($"noise: expected shape [N, L], found [{string.Join(", ", noise.shape)}].", nameof(noise));
        }

        long n = noise.shape[0], l = noise.shape[1];
        if (keptCount < 0 || keptCount > l)
        {
            throw new ArgumentOutOfRangeException(nameof(keptCount), keptCount, $"kept count must be in [0, {l}].");
        }

        using var scope = NewDisposeScope();
        var idsShuffle = noise.argsort(dim: 1);          // [N, L] ascend: small is keep, large is remove
        var idsRestore = idsShuffle.argsort(dim: 1);     // [N, L]
        var idsKeep = idsShuffle[.., ..keptCount];       // [N, K]
        var mask = ones(new long[] { n, l }, ScalarType.Float32, noise.device);
        mask[.., ..keptCount].fill_(KeptScalars.Zero);   // shuffled order: the first K are kept (no temporary Scalar: see KeptScalars)
        mask = mask.gather(1, idsRestore);               // [N, L] unshuffled: patch order
        return new MaskSelection(
            idsKeep.contiguous().MoveToOuterDisposeScope(),
            idsShuffle.MoveToOuterDisposeScope(),
            idsRestore.MoveToOuterDisposeScope(),
            mask.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// From explicit kept ids [N, K] (each row distinct ids in [0, L)), e.g. the visible patches of a hole mask.
    /// The shuffle is the kept ids in the given order followed by the removed ids ascending, so encoder and
    /// decoder see exactly what the reference would with noise that sorts that way.
    /// </summary>
    public static MaskSelection FromKept(Tensor idsKeep, int numPatches)
    {
        if (idsKeep.dim() != 2)
        {
            throw new ArgumentException($"ids_keep: expected shape [N, K], found [{string.Join(", ", idsKeep.shape)}].", nameof(idsKeep));
        }

        long n = idsKeep.shape[0], k = idsKeep.shape[1];
        if (k > numPatches)
        {
            throw new ArgumentException($"ids_keep: expected at most {numPatches} kept patches per image, found {k}.", nameof(idsKeep));
        }

        using var scope = NewDisposeScope();
        var device = idsKeep.device;
        var keep = idsKeep.to_type(ScalarType.Int64);
        if (k > 0 && (keep.min().item<long>() < 0 || keep.max().item<long>() >= numPatches))
        {
            throw new ArgumentException($"ids_keep: expected ids in [0, {numPatches}), found [{keep.min().item<long>()}, {keep.max().item<long>()}].", nameof(idsKeep));
        }

        // Sort key per patch: kept ids get their position 0..K-1, removed ids get K + id, so one argsort
        // yields the shuffle "kept in given order, then removed ascending" with no ties.
        // Every Scalar is a using local or a KeptScalars constant: arange(stop) and add(s) would make temporaries.
        using var offset = k.ToScalar();
        using var patchCount = numPatches.ToScalar();
        using var keptCount = k.ToScalar();
        var key = arange(KeptScalars.Zero, patchCount, KeptScalars.One, ScalarType.Int64, device)
            .add(offset, KeptScalars.One).unsqueeze(0).repeat(n, 1);                             // [N, L]
        var order = arange(KeptScalars.Zero, keptCount, KeptScalars.One, ScalarType.Int64, device).unsqueeze(0).repeat(n, 1); // [N, K]
        key = key.scatter(1, keep, order);

        var mask = ones(new long[] { n, numPatches }, ScalarType.Float32, device)
            .scatter(1, keep, zeros(new long[] { n, k }, ScalarType.Float32, device));            // [N, L]
        long removed = (long)mask.sum(ScalarType.Float64).item<double>();
        if (removed != n * (numPatches - k))
        {
            throw new ArgumentException("ids_keep: expected distinct ids in every row, found duplicates.", nameof(idsKeep));
        }

        var idsShuffle = key.argsort(dim: 1);            // [N, L]
        var idsRestore = idsShuffle.argsort(dim: 1);     // [N, L]
        return new MaskSelection(
            keep.contiguous().MoveToOuterDisposeScope(),
            idsShuffle.MoveToOuterDisposeScope(),
            idsRestore.MoveToOuterDisposeScope(),
            mask.MoveToOuterDisposeScope());
    }

    /// <summary>From per-image kept patch ids (every image the same count), e.g. as the runtime's tile planner lists them.</summary>
    public static MaskSelection FromKept(IReadOnlyList<IReadOnlyList<int>> keptPerImage, int numPatches, Device? device = null)
    {
        using var ids = KeptTensor(keptPerImage, device);
        return FromKept(ids, numPatches);
    }

    /// <summary>Packs per-image kept ids into an [N, K] int64 tensor; all rows must have the same length.</summary>
    public static Tensor KeptTensor(IReadOnlyList<IReadOnlyList<int>> keptPerImage, Device? device = null)
    {
        if (keptPerImage.Count == 0)
        {
            throw new ArgumentException("kept ids: expected at least one image.", nameof(keptPerImage));
        }

        int k = keptPerImage[0].Count;
        var flat = new long[keptPerImage.Count * k];
        for (int i = 0; i < keptPerImage.Count; i++)
        {
            if (keptPerImage[i].Count != k)
            {
                throw new ArgumentException($"kept ids: every image must keep the same number of patches; image 0 keeps {k}, image {i} keeps {keptPerImage[i].Count}.", nameof(keptPerImage));
            }

            for (int j = 0; j < k; j++)
            {
                flat[i * k + j] = keptPerImage[i][j];
            }
        }

        return tensor(flat, new long[] { keptPerImage.Count, k }, ScalarType.Int64, device);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        IdsKeep.Dispose();
        IdsShuffle.Dispose();
        IdsRestore.Dispose();
        Mask.Dispose();
    }
}
