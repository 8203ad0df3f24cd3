namespace MaeRealtime.Runtime.Model;

/// <summary>
/// Random weights for any config, without a trainer: benchmarks of architectures that were never trained,
/// and tests. Matrices are Xavier-uniform and norms near 1 so activations stay O(1) as in a trained model.
/// </summary>
public static class RandomWeights
{
    /// <summary>Every tensor of <paramref name="config"/>'s layout with seeded random values.</summary>
    public static IReadOnlyList<WeightTensor> Create(MaeConfig config, int seed, TensorDType matrices = TensorDType.Float32)
    {
        config.Validate();
        var rng = new Random(seed);
        var tensors = new List<WeightTensor>();
        foreach (var spec in MaeTensorLayout.Expected(config))
        {
            var values = new float[spec.ElementCount];
            bool isNormWeight = spec.Name.EndsWith("norm1.weight", StringComparison.Ordinal) || spec.Name.EndsWith("norm2.weight", StringComparison.Ordinal)
                || spec.Name is "norm.weight" or "decoder_norm.weight";
            double scale = spec.IsMatrix ? Math.Sqrt(6.0 / (spec.Shape[0] + spec.Shape[1])) : 0.1;
            for (int i = 0; i < values.Length; i++)
            {
                double u = (rng.NextDouble() * 2) - 1;
                values[i] = (float)(isNormWeight ? 1 + (0.1 * u) : scale * u);
            }

            tensors.Add(WeightTensor.FromFloats(spec.Name, spec.Shape, values, spec.IsMatrix ? matrices : TensorDType.Float32));
        }

        return tensors;
    }

    /// <summary>Writes a random-weight file for <paramref name="config"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, MaeConfig config, int seed, TensorDType matrices = TensorDType.Float32) =>
        WeightFileWriter.Write(path, config, Create(config, seed, matrices));
}
