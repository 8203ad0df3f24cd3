using MaeRealtime.Runtime.Model;
using MaeRealtime.Training.Model;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Trainer;

/// <summary>
/// Turns a batch of hole masks into the MAE's patch selection for the inpainting fine-tune. A patch is masked when
/// it holds any hole pixel (<see cref="MaskPolicy.AnyHolePixel"/>, as the runtime does). The encoder batches
/// tokens, so every image must keep the same number K of patches: K is the fewest visible patches of any image in
/// the batch, and images with more visible patches additionally mask random visible ones, chosen exactly like the
/// reference's random masking (the K smallest of uniform noise, with hole patches pushed to the end). The loss
/// covers every removed patch, holes and extras alike. Padding the token sequences instead would need attention
/// masks the reference model does not have; grouping images by count would skew which images share a batch.
/// </summary>
public static class HolePatchSelection
{
    /// <summary>The 0/1 per-patch hole flags [N * L] of hole masks [N * S * S] (1 = hole pixel).</summary>
    public static float[] PatchHoleFlags(ReadOnlySpan<float> holes, int batch, MaeConfig config)
    {
        int s = config.ImageSize, p = config.PatchSize, g = config.GridSize, l = config.NumPatches;
        if (holes.Length != batch * s * s)
        {
            throw new ArgumentException($"Expected {batch} hole masks of {s}x{s}, found {holes.Length} values.");
        }

        var flags = new float[batch * l];
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
                        flags[patchRow + (x / p)] = 1f;
                    }
                }
            }
        }

        return flags;
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
}
