using MaeRealtime.Runtime.Model;
using MaeRealtime.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Export;

/// <summary>
/// Turns a <see cref="MaeModel"/> into weight file v1 tensors (<see cref="MaeTensorLayout"/>): every tensor keeps
/// the reference's name and shape, except the patch-embed convolution, which becomes the GEMM matrix the
/// shaders multiply patchified pixels with.
/// </summary>
public static class WeightExporter
{
    private const string PatchEmbedWeight = "patch_embed.proj.weight";

    /// <summary>
    /// Writes <paramref name="model"/> to <paramref name="path"/> atomically. GEMM matrices (<see cref="TensorSpec.IsMatrix"/>)
    /// are stored as <paramref name="matrixDType"/> (fp16 rounds to nearest); everything else stays fp32.
    /// </summary>
    public static void Export(MaeModel model, string path, TensorDType matrixDType = TensorDType.Float32)
    {
        WeightFileWriter.Write(path, model.Config, ToWeightTensors(model, matrixDType));
    }

    /// <summary>The model's tensors in layout order, as they go into the weight file.</summary>
    /// <exception cref="InvalidOperationException">The model lacks a tensor the layout needs or its shape differs (a bug, not user input).</exception>
    public static IReadOnlyList<WeightTensor> ToWeightTensors(MaeModel model, TensorDType matrixDType = TensorDType.Float32)
    {
        var stateDict = model.state_dict();
        var result = new List<WeightTensor>();
        foreach (var spec in MaeTensorLayout.Expected(model.Config))
        {
            if (!stateDict.TryGetValue(spec.Name, out var source))
            {
                throw new InvalidOperationException($"Model has no tensor '{spec.Name}' (expected by the weight layout).");
            }

            using var scope = NewDisposeScope();
            var stored = spec.Name == PatchEmbedWeight ? PatchEmbedMatrix(source) : source;
            if (!stored.shape.Select(v => (int)v).SequenceEqual(spec.Shape))
            {
                throw new InvalidOperationException($"Tensor '{spec.Name}': expected shape {spec.ShapeText}, found [{string.Join(", ", stored.shape)}].");
            }

            float[] values = Floats(stored);
            var dtype = spec.IsMatrix ? matrixDType : TensorDType.Float32;
            result.Add(WeightTensor.FromFloats(spec.Name, spec.Shape, values, dtype));
        }

        return result;
    }

    /// <summary>
    /// The conv patch-embed weight [D, 3, p, p] (c, ky, kx) as the GEMM matrix [D, p*p*3] whose column
    /// (ky*p + kx)*3 + c matches <see cref="MaeModel.Patchify"/>, so conv(img) == patchify(img) @ W^T + b.
    /// </summary>
    public static Tensor PatchEmbedMatrix(Tensor convWeight)
    {
        if (convWeight.dim() != 4 || convWeight.shape[1] != 3 || convWeight.shape[2] != convWeight.shape[3])
        {
            throw new ArgumentException($"patch embed weight: expected shape [D, 3, p, p], found [{string.Join(", ", convWeight.shape)}].", nameof(convWeight));
        }

        using var scope = NewDisposeScope();
        long d = convWeight.shape[0], p = convWeight.shape[2];
        return convWeight.detach()
            .permute(0, 2, 3, 1)                 // [D, ky, kx, c]
            .reshape(d, p * p * 3)               // [D, (ky*p + kx)*3 + c]
            .MoveToOuterDisposeScope();
    }

    /// <summary>A tensor's values as fp32, row-major.</summary>
    internal static float[] Floats(Tensor t)
    {
        using var scope = NewDisposeScope();
        var flat = t.detach().cpu().to_type(ScalarType.Float32).contiguous();
        return flat.data<float>().ToArray();
    }
}
