using MaeRealtime.Training.Masks;

namespace MaeRealtime.Training.Data;

/// <summary>
/// Composes micro-batches as a pure function of (seed, batch index): sample g = index * N + j takes image
/// perm_e[g mod count] of epoch e = g / count (a seeded shuffle per epoch, so every image is used once per epoch as
/// with the reference's sampler), a random-resized crop (or a <see cref="ZoomCrop"/>), a coin-flip mirror and, when fine-tuning for inpainting, a
/// hole mask from the mix. Not thread-safe: one producer thread owns it.
/// </summary>
public sealed class BatchSampler
{
    private readonly ImageDataset _data;
    private readonly float[] _mean;
    private readonly float[] _std;
    private long _cachedEpoch = -1;
    private int[] _permutation = [];

    /// <summary>Creates a sampler over <paramref name="data"/>.</summary>
    /// <param name="data">Decoded training images.</param>
    /// <param name="batchSize">Samples per micro-batch.</param>
    /// <param name="imageSize">The model's input edge.</param>
    /// <param name="mean">Per-channel mean for normalization (the model config's).</param>
    /// <param name="std">Per-channel standard deviation (the model config's).</param>
    /// <param name="seed">The run seed.</param>
    /// <param name="holes">Hole-mask families for inpainting, or null for pretraining.</param>
    /// <param name="zoom">Scale-chosen square crops, or null for the reference's random-resized crop.</param>
    public BatchSampler(ImageDataset data, int batchSize, int imageSize, IReadOnlyList<float> mean, IReadOnlyList<float> std, long seed, HoleMaskMix? holes = null, ZoomCrop? zoom = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageSize, 8);
        if (mean.Count != 3 || std.Count != 3)
        {
            throw new ArgumentException("Expected 3 mean and 3 std values.");
        }

        _data = data;
        _mean = mean.ToArray();
        _std = std.ToArray();
        BatchSize = batchSize;
        ImageSize = imageSize;
        Seed = seed;
        Holes = holes;
        zoom?.Validate();
        Zoom = zoom;
    }

    /// <summary>Samples per micro-batch.</summary>
    public int BatchSize { get; }

    /// <summary>The model's input edge.</summary>
    public int ImageSize { get; }

    /// <summary>The run seed.</summary>
    public long Seed { get; }

    /// <summary>The hole-mask mix, or null in pretraining.</summary>
    public HoleMaskMix? Holes { get; }

    /// <summary>The crop scale range, or null for the reference's random-resized crop.</summary>
    public ZoomCrop? Zoom { get; }

    /// <summary>A buffer this sampler can fill.</summary>
    public TrainingBatch CreateBatch() => new(BatchSize, ImageSize, Holes is not null);

    /// <summary>Fills <paramref name="batch"/> with micro-batch <paramref name="batchIndex"/>.</summary>
    public void Fill(long batchIndex, TrainingBatch batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batchIndex);
        if (batch.BatchSize != BatchSize || batch.ImageSize != ImageSize || (batch.Holes is null) != (Holes is null))
        {
            throw new ArgumentException("The batch buffer was made for another sampler.", nameof(batch));
        }

        int plane = ImageSize * ImageSize;
        for (int j = 0; j < BatchSize; j++)
        {
            long g = (batchIndex * BatchSize) + j;
            int source = ImageFor(g);
            var image = _data.Images[source];
            var rng = new Random(SeedMixer.Derive(Seed, SeedMixer.Stream.Crop, g));
            var crop = Zoom is ZoomCrop zoom ? zoom.Sample(rng, image.Width, image.Height, ImageSize) : RandomResizedCrop.Sample(rng, image.Width, image.Height);
            bool flip = rng.NextDouble() < 0.5;
            CropResampler.Resample(image, crop, ImageSize, flip, _mean, _std, batch.Pixels.AsSpan(j * 3 * plane, 3 * plane));
            batch.SourceIndices[j] = source;

            if (Holes is not null)
            {
                var (mask, family) = Holes.Generate(new Random(SeedMixer.Derive(Seed, SeedMixer.Stream.Holes, g)), ImageSize);
                mask.CopyTo(batch.Holes!.AsSpan(j * plane, plane));
                batch.HoleFamilies![j] = family;
            }
        }

        batch.Index = batchIndex;
    }

    private int ImageFor(long sample)
    {
        int count = _data.Images.Count;
        long epoch = sample / count;
        if (epoch != _cachedEpoch)
        {
            _permutation = Enumerable.Range(0, count).ToArray();
            new Random(SeedMixer.Derive(Seed, SeedMixer.Stream.Epoch, epoch)).Shuffle(_permutation);
            _cachedEpoch = epoch;
        }

        return _permutation[(int)(sample % count)];
    }
}
