using System.Collections;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Training.Model;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Import;

/// <summary>
/// Reads PyTorch zip checkpoints of facebookresearch/mae (<c>{'model': state_dict, ...}</c> or a bare state dict)
/// and loads them into <see cref="MaeModel"/>. The keys are the reference's, so no remapping happens; every
/// mismatch is reported by name with the expected and found shapes.
/// </summary>
public static class ReferenceCheckpoint
{
    /// <summary>
    /// The state dict of <paramref name="path"/>: the <c>'model'</c> entry when present, else the top-level dict.
    /// The caller owns the returned tensors.
    /// </summary>
    /// <exception cref="CheckpointException">The file is missing, not a zip checkpoint, or holds no dict of tensors.</exception>
    public static Dictionary<string, Tensor> ReadStateDict(string path)
    {
        Hashtable root;
        try
        {
            root = PyTorchUnpickler.UnpickleStateDict(path);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // PyBridge and its pickle reader signal missing files, non-zip (legacy) files and malformed pickles with
            // assorted exception types; callers get one type that names the file, with the cause inside.
            throw new CheckpointException(path, $"cannot be read as a PyTorch zip checkpoint: {ex.Message}", ex);
        }

        // The reference's main_pretrain saves {'model', 'optimizer', 'epoch', 'scaler', 'args'}.
        IDictionary table = root["model"] is IDictionary model ? model : root;
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var other = new List<string>();
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Key is string key && entry.Value is Tensor t)
            {
                result[key] = t;
            }
            else
            {
                other.Add(entry.Key?.ToString() ?? "<null>");
            }
        }

        if (result.Count == 0)
        {
            throw new CheckpointException(path, $"no tensors found: expected a state dict or {{'model': state_dict}}, found keys [{string.Join(", ", other)}].");
        }

        return result;
    }

    /// <summary>
    /// Infers the architecture from tensor shapes: patch and width from <c>patch_embed.proj.weight</c>, image
    /// size from <c>pos_embed</c>, depths from the block indices, decoder width from <c>decoder_embed.weight</c>,
    /// MLP ratio from <c>fc1</c>. Head counts are not recorded in a state dict and must be given. Numerics not
    /// visible in shapes (eps, normalization, pixel target) come from <paramref name="template"/> (defaults: the
    /// reference's 1e-6, ImageNet mean/std, normalized-pixel target).
    /// </summary>
    /// <exception cref="CheckpointException">A needed tensor is missing or the shapes are inconsistent.</exception>
    public static MaeConfig InferConfig(IReadOnlyDictionary<string, Tensor> stateDict, int numHeads, int decoderNumHeads, MaeConfig? template = null, string source = "state dict")
    {
        long[] Shape(string name, int rank)
        {
            if (!stateDict.TryGetValue(name, out var t))
            {
                throw new CheckpointException(source, $"missing tensor '{name}', needed to infer the model config.");
            }

            if (t.dim() != rank)
            {
                throw new CheckpointException(source, $"tensor '{name}': expected rank {rank}, found shape {Format(t.shape)}.");
            }

            return t.shape;
        }

        long[] patch = Shape("patch_embed.proj.weight", 4);       // [D, 3, p, p]
        if (patch[1] != 3 || patch[2] != patch[3])
        {
            throw new CheckpointException(source, $"tensor 'patch_embed.proj.weight': expected shape [D, 3, p, p], found {Format(patch)}.");
        }

        int dim = (int)patch[0], p = (int)patch[2];
        long[] pos = Shape("pos_embed", 3);                       // [1, 1+L, D]
        long numPatches = pos[1] - 1;
        int grid = (int)Math.Round(Math.Sqrt(numPatches));
        if (pos[0] != 1 || pos[2] != dim || numPatches <= 0 || (long)grid * grid != numPatches)
        {
            throw new CheckpointException(source, $"tensor 'pos_embed': expected shape [1, 1 + G*G, {dim}], found {Format(pos)}.");
        }

        long[] decoderEmbed = Shape("decoder_embed.weight", 2);  // [Dd, D]
        int decoderDim = (int)decoderEmbed[0];
        int depth = CountBlocks(stateDict, "blocks.", source);
        int decoderDepth = CountBlocks(stateDict, "decoder_blocks.", source);

        float? ratio = null;
        if (depth > 0)
        {
            ratio = Shape("blocks.0.mlp.fc1.weight", 2)[0] / (float)dim;
        }

        if (decoderDepth > 0)
        {
            float decoderRatio = Shape("decoder_blocks.0.mlp.fc1.weight", 2)[0] / (float)decoderDim;
            if (ratio is float r && r != decoderRatio)
            {
                throw new CheckpointException(source, $"encoder MLP ratio {r} and decoder MLP ratio {decoderRatio} differ; MaeConfig holds one ratio.");
            }

            ratio = decoderRatio;
        }

        var baseConfig = template ?? new MaeConfig();
        var config = baseConfig with
        {
            ImageSize = grid * p,
            PatchSize = p,
            EmbedDim = dim,
            Depth = depth,
            NumHeads = numHeads,
            DecoderEmbedDim = decoderDim,
            DecoderDepth = decoderDepth,
            DecoderNumHeads = decoderNumHeads,
            MlpRatio = ratio ?? baseConfig.MlpRatio,
        };

        try
        {
            config.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new CheckpointException(source, $"inferred config is invalid: {ex.Message}", ex);
        }

        return config;
    }

    /// <summary>
    /// Copies <paramref name="stateDict"/> into <paramref name="model"/>. Every model tensor must be present with
    /// the reference shape and no extra tensor may be present; all problems are reported together.
    /// </summary>
    /// <exception cref="CheckpointException">Missing, unexpected or wrongly shaped tensors.</exception>
    public static void LoadInto(MaeModel model, IReadOnlyDictionary<string, Tensor> stateDict, string source = "state dict")
    {
        var target = model.state_dict();
        var problems = new List<string>();
        foreach (var (name, param) in target)
        {
            if (!stateDict.TryGetValue(name, out var t))
            {
                problems.Add($"missing tensor '{name}': expected shape {Format(param.shape)}");
            }
            else if (!t.shape.SequenceEqual(param.shape))
            {
                problems.Add($"tensor '{name}': expected shape {Format(param.shape)}, found {Format(t.shape)}");
            }
        }

        foreach (var (name, t) in stateDict.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!target.ContainsKey(name))
            {
                problems.Add($"unexpected tensor '{name}' with shape {Format(t.shape)}");
            }
        }

        if (problems.Count > 0)
        {
            throw new CheckpointException(source, $"does not fit the model ({problems.Count} problem(s)):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
        }

        using var noGrad = no_grad();
        foreach (var (name, param) in target)
        {
            param.copy_(stateDict[name]); // copy_ converts dtype (e.g. fp16 checkpoints) and device
        }
    }

    /// <summary>Reads <paramref name="path"/>, infers the config, builds the model and loads the weights.</summary>
    /// <exception cref="CheckpointException">The file cannot be read or does not describe a consistent MAE.</exception>
    public static MaeModel Load(string path, int numHeads, int decoderNumHeads, MaeConfig? template = null)
    {
        var stateDict = ReadStateDict(path);
        try
        {
            var config = InferConfig(stateDict, numHeads, decoderNumHeads, template, path);
            var model = new MaeModel(config);
            try
            {
                LoadInto(model, stateDict, path);
                return model;
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }
        finally
        {
            foreach (var t in stateDict.Values)
            {
                t.Dispose();
            }
        }
    }

    private static int CountBlocks(IReadOnlyDictionary<string, Tensor> stateDict, string prefix, string source)
    {
        var indices = new SortedSet<int>();
        foreach (string key in stateDict.Keys)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            int end = key.IndexOf('.', prefix.Length);
            if (end > prefix.Length && int.TryParse(key.AsSpan(prefix.Length, end - prefix.Length), out int i) && i >= 0)
            {
                indices.Add(i);
            }
        }

        int count = indices.Count;
        if (count > 0 && indices.Max != count - 1)
        {
            throw new CheckpointException(source, $"block indices under '{prefix}' are not 0..{count - 1}: found [{string.Join(", ", indices)}].");
        }

        return count;
    }

    private static string Format(long[] shape) => "[" + string.Join(", ", shape) + "]";
}
