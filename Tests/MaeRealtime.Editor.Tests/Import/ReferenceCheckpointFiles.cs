using System.Collections;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Training.Model;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MaeRealtime.Editor.Tests.Import;

/// <summary>
/// Source checkpoints written in the test, without downloads: a TorchSharp <see cref="MaeModel"/> (whose state-dict
/// keys are the reference's) with every tensor perturbed so biases, norms and tables are not at their init values,
/// saved as a PyTorch zip checkpoint by TorchSharp.PyBridge (<c>{'model': sd, 'epoch', 'args'}</c> like the
/// reference's main_pretrain, or a bare state dict) or as safetensors.
/// </summary>
internal static class ReferenceCheckpointFiles
{
    /// <summary>Widths with default head counts (192 -> 3, 128 -> 4); 64 px tiles keep the GPU test quick.</summary>
    public static MaeConfig Small { get; } = new()
    {
        ImageSize = 64,
        PatchSize = 8,
        EmbedDim = 192,
        Depth = 2,
        NumHeads = 3,
        DecoderEmbedDim = 128,
        DecoderDepth = 1,
        DecoderNumHeads = 4,
    };

    /// <summary>The tiny preset's shape (48 -> 3 heads, 32 -> 2).</summary>
    public static MaeConfig Tiny { get; } = MaeConfigPresets.Get("tiny");

    /// <summary>A model of <paramref name="config"/> with seeded, perturbed weights, in eval mode.</summary>
    public static MaeModel CreateModel(MaeConfig config, int seed)
    {
        manual_seed(seed);
        var model = new MaeModel(config);
        model.eval();
        using var noGrad = no_grad();
        foreach (var (_, p) in model.named_parameters())
        {
            using var noise = randn_like(p).mul_(0.05);
            p.add_(noise);
        }

        return model;
    }

    /// <summary>Writes <paramref name="model"/>'s state dict as a PyTorch zip checkpoint, wrapped like the reference's (with args) unless <paramref name="bare"/>.</summary>
    public static void WritePth(string path, MaeModel model, bool? normPixLoss = null, bool bare = false, Func<string, bool>? keep = null, IDictionary<string, Tensor>? extra = null)
    {
        var sd = StateDict(model, keep, extra);
        if (bare)
        {
            PyTorchPickler.PickleStateDict(path, sd);
            return;
        }

        var root = new Hashtable { ["model"] = sd, ["epoch"] = 7 };
        if (normPixLoss is bool value)
        {
            root["args"] = new Hashtable { ["norm_pix_loss"] = value, ["mask_ratio"] = 0.75, ["model"] = "mae_vit_base_patch16" };
        }

        PyTorchPickler.PickleStateDict(path, root);
    }

    /// <summary>Writes the state dict as safetensors (PyBridge's writer, so our reader meets a file it did not write), optionally cast to <paramref name="dtype"/>.</summary>
    public static void WriteSafetensors(string path, MaeModel model, ScalarType dtype = ScalarType.Float32, Func<string, bool>? keep = null)
    {
        var sd = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in StateDict(model, keep, null))
        {
            sd[(string)e.Key] = ((Tensor)e.Value!).to_type(dtype);
        }

        Safetensors.SaveStateDict(path, sd);
    }

    /// <summary>The first bytes of a legacy (pre-1.6, non-zip) torch.save file: pickle protocol 2, then the magic number as a LONG1.</summary>
    public static void WriteLegacyPth(string path) =>
        File.WriteAllBytes(path, [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e, 0x80, 0x02, 0x4d, 0xe9, 0x03, 0x2e]);

    private static Hashtable StateDict(MaeModel model, Func<string, bool>? keep, IDictionary<string, Tensor>? extra)
    {
        var sd = new Hashtable();
        foreach (var (name, t) in model.state_dict())
        {
            if (keep is null || keep(name))
            {
                sd[name] = t.detach();
            }
        }

        foreach (var (name, t) in extra ?? new Dictionary<string, Tensor>())
        {
            sd[name] = t;
        }

        return sd;
    }
}
