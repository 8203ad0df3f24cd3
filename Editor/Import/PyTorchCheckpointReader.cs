using System.Collections;
using MaeRealtime.Editor.Import.Pickle;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MaeRealtime.Editor.Import;

/// <summary>
/// Reads a PyTorch zip checkpoint with TorchSharp.PyBridge: the reference's <c>{'model': state_dict, 'args': ...}</c>
/// or a bare state dict. Keeps <c>args.norm_pix_loss</c> when the checkpoint saved its args (main_pretrain.py does).
/// </summary>
internal static class PyTorchCheckpointReader
{
    /// <summary>Reads <paramref name="path"/>; the caller disposes the result (it owns libtorch tensors).</summary>
    public static SourceCheckpoint Read(string path)
    {
        Hashtable root;
        try
        {
            using var stream = File.OpenRead(path);
            // Our own checks first: PyBridge sizes its buffers and tensors by what the pickle claims.
            PyTorchArchiveCheck.Check(path, stream);
            stream.Position = 0;
            root = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: true);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not ImportException)
        {
            // PyBridge and its pickle reader report whole pickled modules, unknown storages and malformed archives
            // with assorted exception types; the user gets one message naming the file, with the cause.
            throw new ImportException(path, $"cannot be read as a PyTorch zip checkpoint: {ex.Message}", inner: ex);
        }

        var owner = new TensorOwner(root);
        try
        {
            // The reference saves {'model', 'optimizer', 'epoch', 'scaler', 'args'}; a bare state dict is the table itself.
            IDictionary table = root["model"] is IDictionary model ? model : root;
            var tensors = new Dictionary<string, SourceTensor>(StringComparer.Ordinal);
            var other = new List<string>();
            foreach (DictionaryEntry entry in table)
            {
                if (entry.Key is string key && entry.Value is Tensor t)
                {
                    tensors[key] = new SourceTensor(key, t.shape, t.dtype.ToString(), () => ToFloats(path, key, t));
                }
                else
                {
                    other.Add(entry.Key?.ToString() ?? "<null>");
                }
            }

            if (tensors.Count == 0)
            {
                throw new ImportException(path, $"no tensors found: expected a state dict or {{'model': state_dict}}, found keys [{string.Join(", ", other.Order(StringComparer.Ordinal))}].");
            }

            var (normPix, origin) = NormPixFromArgs(root["args"]);
            return new SourceCheckpoint(path, CheckpointFormat.PyTorchZip, tensors, owner) { NormPixLoss = normPix, NormPixLossOrigin = origin };
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The reference pickles its argparse.Namespace, which the pickle reader turns into a dictionary of its fields;
    /// a plain dict of args is read the same way.
    /// </summary>
    private static (bool? Value, string? Origin) NormPixFromArgs(object? args) =>
        args is IDictionary fields && fields.Contains("norm_pix_loss") && fields["norm_pix_loss"] is bool value
            ? (value, $"args.norm_pix_loss={(value ? "True" : "False")} saved in the checkpoint")
            : (null, null);

    private static float[] ToFloats(string path, string key, Tensor t)
    {
        if (!t.is_floating_point())
        {
            throw new ImportException(path, $"tensor '{key}' has dtype {t.dtype}; expected a floating-point tensor.");
        }

        using var scope = NewDisposeScope();
        return t.to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
    }

    /// <summary>Disposes every tensor anywhere in the unpickled object graph (model, optimizer state, ...).</summary>
    private sealed class TensorOwner(Hashtable root) : IDisposable
    {
        public void Dispose() => Release(root, 0);

        private static void Release(object? value, int depth)
        {
            if (depth > 64)
            {
                return; // pickles can nest deeply or share objects; tensors sit in the first few levels
            }

            switch (value)
            {
                case Tensor t:
                    t.Dispose();
                    break;
                case IDictionary d:
                    foreach (DictionaryEntry e in d)
                    {
                        Release(e.Value, depth + 1);
                    }

                    break;
                case IEnumerable items and not string:
                    foreach (object? item in items)
                    {
                        Release(item, depth + 1);
                    }

                    break;
            }
        }
    }
}
