using System.Collections;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Training.Model;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MaeRealtime.Editor.Fuzz;

/// <summary>
/// Valid source checkpoints of the tiny preset for the importer fuzzers, written by TorchSharp.PyBridge (so the
/// readers meet files they did not write): safetensors in F32 and F16, and PyTorch zip checkpoints wrapped like the
/// reference's (<c>{'model', 'epoch', 'args'}</c>) or bare.
/// </summary>
internal static class CheckpointSeeds
{
    /// <summary>The state dict of a seeded tiny model (reference key names).</summary>
    public static Dictionary<string, Tensor> StateDict()
    {
        manual_seed(3);
        using var model = new MaeModel(MaeConfigPresets.Get("tiny"));
        var sd = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, t) in model.state_dict())
        {
            sd[name] = t.detach().clone();
        }

        return sd;
    }

    /// <summary>The state dict as safetensors bytes of <paramref name="dtype"/>.</summary>
    public static byte[] Safetensors(Dictionary<string, Tensor> sd, ScalarType dtype, string scratch)
    {
        string path = Path.Combine(scratch, $"seed-{dtype}.safetensors");
        TorchSharp.PyBridge.Safetensors.SaveStateDict(path, sd.ToDictionary(e => e.Key, e => e.Value.to_type(dtype)));
        byte[] bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    }

    /// <summary>The state dict as a PyTorch zip checkpoint, bare or wrapped with <c>args</c>.</summary>
    public static byte[] Pth(Dictionary<string, Tensor> sd, bool bare, string scratch)
    {
        var table = new Hashtable();
        foreach (var (name, t) in sd)
        {
            table[name] = t;
        }

        object root = bare ? table : new Hashtable { ["model"] = table, ["epoch"] = 7, ["args"] = new Hashtable { ["norm_pix_loss"] = false, ["mask_ratio"] = 0.75 } };
        string path = Path.Combine(scratch, $"seed-{(bare ? "bare" : "wrapped")}.pth");
        PyTorchPickler.PickleStateDict(path, (Hashtable)root);
        byte[] bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    }
}
