using MaeRealtime.Runtime.Model;
using MaeRealtime.Training.Model;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Import;

/// <summary>
/// Builds the TorchSharp model back from a weight file (the inverse of <see cref="Export.WeightExporter"/>):
/// the reference of record for a shipped model whose training checkpoint is not shipped, so its Vulkan
/// forward can be checked against the TorchSharp forward of the very same weights. fp16 matrices are widened.
/// </summary>
public static class WeightFileModel
{
    /// <summary>Loads <paramref name="file"/> into a new <see cref="MaeModel"/> in eval mode on the CPU.</summary>
    public static MaeModel Load(WeightFile file)
    {
        var config = file.Config;
        var model = new MaeModel(config);
        var stateDict = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var entry in file.Entries)
            {
                var values = tensor(file.ReadFloats(entry.Name), entry.Shape.Select(d => (long)d).ToArray());
                if (entry.Name == "patch_embed.proj.weight")
                {
                    // [D, p*p*3] with column (ky*p + kx)*3 + c back to the conv kernel [D, 3, p, p].
                    int p = config.PatchSize;
                    var conv = values.reshape(config.EmbedDim, p, p, 3).permute(0, 3, 1, 2).contiguous();
                    values.Dispose();
                    values = conv;
                }

                stateDict[entry.Name] = values;
            }

            ReferenceCheckpoint.LoadInto(model, stateDict, file.Path);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        finally
        {
            foreach (var t in stateDict.Values)
            {
                t.Dispose();
            }
        }

        model.eval();
        return model;
    }
}
