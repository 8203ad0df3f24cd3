namespace MaeRealtime.Training.Data;

/// <summary>
/// One micro-batch in CPU memory, reused between steps to keep large arrays off the garbage collector's path:
/// normalized pixels, and hole masks when the run fine-tunes for inpainting.
/// </summary>
public sealed class TrainingBatch
{
    /// <summary>Allocates the buffers of a batch.</summary>
    public TrainingBatch(int batchSize, int imageSize, bool withHoles)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageSize, 1);
        BatchSize = batchSize;
        ImageSize = imageSize;
        Pixels = new float[batchSize * 3 * imageSize * imageSize];
        Holes = withHoles ? new float[batchSize * imageSize * imageSize] : null;
        HoleFamilies = withHoles ? new string[batchSize] : null;
        SourceIndices = new int[batchSize];
    }

    /// <summary>The micro-batch index (step * accumulation + micro-step) these contents belong to.</summary>
    public long Index { get; internal set; } = -1;

    /// <summary>Samples in the batch (N).</summary>
    public int BatchSize { get; }

    /// <summary>Image edge (S).</summary>
    public int ImageSize { get; }

    /// <summary>[N, 3, S, S]: ImageNet-normalized RGB planes.</summary>
    public float[] Pixels { get; }

    /// <summary>[N, S, S]: 1 = hole, or null in pretraining.</summary>
    public float[]? Holes { get; }

    /// <summary>The hole-mask family of each sample, or null in pretraining.</summary>
    public string[]? HoleFamilies { get; }

    /// <summary>The dataset index of each sample's source image.</summary>
    public int[] SourceIndices { get; }
}
