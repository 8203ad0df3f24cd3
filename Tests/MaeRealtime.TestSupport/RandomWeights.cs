using MaeRealtime.Runtime.Model;

namespace MaeRealtime.TestSupport;

/// <summary>Weight files with random values for any config, written to a temp folder (no TorchSharp needed).</summary>
public static class RandomWeights
{
    public static string Write(MaeConfig config, int seed, string directory, TensorDType matrices = TensorDType.Float32)
    {
        var rng = new Random(seed);
        var tensors = new List<WeightTensor>();
        foreach (var spec in MaeTensorLayout.Expected(config))
        {
            var values = new float[spec.ElementCount];
            bool isNormWeight = spec.Name.EndsWith("norm1.weight", StringComparison.Ordinal) || spec.Name.EndsWith("norm2.weight", StringComparison.Ordinal)
                || spec.Name is "norm.weight" or "decoder_norm.weight";
            // Xavier-like scale for matrices keeps activations O(1) through the blocks, as in a trained model.
            double scale = spec.IsMatrix ? Math.Sqrt(6.0 / (spec.Shape[0] + spec.Shape[1])) : 0.1;
            for (int i = 0; i < values.Length; i++)
            {
                double u = (rng.NextDouble() * 2) - 1;
                values[i] = (float)(isNormWeight ? 1 + (0.1 * u) : scale * u);
            }

            tensors.Add(WeightTensor.FromFloats(spec.Name, spec.Shape, values, spec.IsMatrix ? matrices : TensorDType.Float32));
        }

        string path = Path.Combine(directory, $"random-{seed}-{matrices}.maew");
        WeightFileWriter.Write(path, config, tensors);
        return path;
    }
}
