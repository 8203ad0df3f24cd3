using MaeRealtime.Runtime.Model;
using MaeRealtime.Training.Model;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Trainer;

/// <summary>
/// Turns a batch of hole masks into the MAE's patch selection for the inpainting fine-tune, with the runtime's rule
/// (<see cref="MaeConfig.Masking"/>): a patch is masked when it holds more hole pixels than
/// <see cref="MaeConfig.VisibleHolePixelLimit"/> (by default any). The encoder batches tokens, so every image must
/// keep the same number K of patches: K is the fewest visible patches of any image in the batch, and images with
/// more visible patches additionally mask random visible ones, chosen exactly like the reference's random masking
/// (the K smallest of uniform noise, with hole patches pushed to the end). The loss covers every removed patch
/// (holes and extras alike) and every visible patch that holds a hole pixel, whose hole pixels the decoder fills.
/// Padding the token sequences instead would need attention masks the reference model does not have; grouping
/// images by count would skew which images share a batch.
/// </summary>
public static class HolePatchSelection
{
    /// <summary>The hole pixel count of every patch, [N * L], of hole masks [N * S * S] (non-zero = hole pixel).</summary>
    public static int[] PatchHolePixels(ReadOnlySpan<float> holes, int batch, MaeConfig config)
    {
        int s = config.ImageSize, p = config.PatchSize, g = config.GridSize, l = config.NumPatches;
        if (holes.Length != batch * s * s)
        {
            throw new ArgumentException($"Expected {batch} hole masks of {s}x{s}, found {holes.Length} values.");
        }

        var counts = new int[batch * l];
        for (int i = 0; i < batch; i++)
        {
            int image = i * s * s;
            for (int y = 0; y < s; y++)
            {
                int row = image + (y * s), patchRow = (i * l) + ((y / p) * g);
                for (int x = 0; x < s; x++)
                {
                    if (holes[row + x] != 0f)
                    {
                        counts[patchRow + (x / p)]++;
                    }
                }
            }
        }

        return counts;
    }

    /// <summary>The 0/1 per-patch flags [N * L] of the patches the encoder may not see under the config's mask policy.</summary>
    public static float[] PatchHoleFlags(ReadOnlySpan<float> holes, int batch, MaeConfig config)
    {
        int limit = config.VisibleHolePixelLimit;
        return PatchHolePixels(holes, batch, config).Select(c => c > limit ? 1f : 0f).ToArray();
    }

    /// <summary>
    /// The selection for hole masks [N * S * S]: K = min over images of the visible patch count (at most L - 1,
    /// so there is always a patch to learn from), then per image the K visible patches with the smallest noise.
    /// </summary>
    public static MaskSelection Create(ReadOnlySpan<float> holes, int batch, MaeConfig config, Device device, Generator generator)
    {
        int l = config.NumPatches;
        float[] flags = PatchHoleFlags(holes, batch, config);
        int kept = l - 1;
        for (int i = 0; i < batch; i++)
        {
            int visible = 0;
            for (int j = 0; j < l; j++)
            {
                visible += flags[(i * l) + j] == 0f ? 1 : 0;
            }

            kept = Math.Min(kept, visible);
        }

        for (int i = 0; i < flags.Length; i++)
        {
            flags[i] *= 2f; // noise is in [0, 1): +2 sorts every hole patch after every visible one
        }

        Tensor keyed;
        using (var scope = NewDisposeScope())
        {
            var noise = rand(new long[] { batch, l }, ScalarType.Float32, device, generator: generator);
            var penalty = tensor(flags, new long[] { batch, l }, ScalarType.Float32, device);
            keyed = noise.add(penalty, KeptScalars.One).DetachFromDisposeScope();
        }

        // Outside the local scope, so the selection's tensors go to the caller's scope, not this one.
        using (keyed)
        {
            return MaskSelection.FromNoise(keyed, kept);
        }
    }

    /// <summary>
    /// The patches the loss covers, [N, L] 0/1: the removed ones (<paramref name="removed"/>, the selection's mask)
    /// and the visible ones holding a hole pixel. Under <see cref="MaskPolicy.AnyHolePixel"/> that is the mask itself.
    /// </summary>
    public static Tensor LossPatches(ReadOnlySpan<float> holes, int batch, MaeConfig config, Tensor removed)
    {
        int[] counts = PatchHolePixels(holes, batch, config);
        var touched = counts.Select(c => c > 0 ? 1f : 0f).ToArray();
        using var scope = NewDisposeScope();
        var flags = tensor(touched, new long[] { batch, config.NumPatches }, ScalarType.Float32, removed.device);
        return flags.maximum(removed).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The encoder's input: normalized images [N, 3, S, S] whose hole pixels are set to what the runtime feeds for
    /// them, pixel value 0 normalized per channel ((0 - mean) / std). Only visible patches reach the encoder, so this
    /// matters for the hole pixels of patches that stay visible (<see cref="MaskPolicy.MostlyHole"/>).
    /// </summary>
    public static Tensor BlankHoles(Tensor normalizedImages, ReadOnlySpan<float> holes, MaeConfig config)
    {
        long n = normalizedImages.shape[0];
        int s = config.ImageSize;
        var blank = new float[3];
        for (int c = 0; c < 3; c++)
        {
            blank[c] = (0f - config.Mean[c]) / config.Std[c];
        }

        using var scope = NewDisposeScope();
        var device = normalizedImages.device;
        var hole = tensor(holes.ToArray(), new long[] { n, 1, s, s }, ScalarType.Float32, device).ne(KeptScalars.Zero); // [N, 1, S, S]
        var fill = tensor(blank, new long[] { 1, 3, 1, 1 }, ScalarType.Float32, device).expand(normalizedImages.shape);
        return where(hole, fill, normalizedImages).MoveToOuterDisposeScope();
    }
}
