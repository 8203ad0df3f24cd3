using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Import;

/// <summary>
/// Maps a reference-layout state dict onto the weight file's tensors (<see cref="MaeTensorLayout"/>). Names and shapes
/// are the reference's, so the only change is the patch embedding: the conv kernel [D, 3, p, p] (c, ky, kx) becomes
/// the GEMM matrix [D, p*p*3] whose column (ky*p + kx)*3 + c is the patchify order the shaders use.
/// </summary>
internal static class StateDictMapper
{
    private const string PatchEmbedWeight = "patch_embed.proj.weight";

    /// <summary>Every mismatch between <paramref name="tensors"/> and the layout of <paramref name="config"/>, one line each: missing, then wrong shapes, then unexpected keys.</summary>
    public static List<string> Check(IReadOnlyDictionary<string, SourceTensor> tensors, MaeConfig config)
    {
        var missing = new List<string>();
        var shapes = new List<string>();
        var expected = MaeTensorLayout.Expected(config);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in expected)
        {
            names.Add(spec.Name);
            long[] shape = SourceShape(spec, config);
            if (!tensors.TryGetValue(spec.Name, out var t))
            {
                missing.Add($"missing tensor '{spec.Name}' {Format(shape)}");
            }
            else if (!t.Shape.SequenceEqual(shape))
            {
                shapes.Add($"wrong shape: tensor '{spec.Name}' expected {Format(shape)}, found {t.ShapeText}");
            }
        }

        var unexpected = tensors.Values
            .Where(t => !names.Contains(t.Name))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => $"unknown tensor '{t.Name}' {t.ShapeText} (not part of the MAE)");
        return [.. missing, .. shapes, .. unexpected];
    }

    /// <summary>
    /// The weight file's tensors, in layout order, with matrices as <paramref name="matrixDType"/>. Collects every tensor
    /// holding NaN/Inf (or values fp16 cannot hold) and throws them together.
    /// </summary>
    public static List<WeightTensor> ToWeightTensors(SourceCheckpoint source, MaeConfig config, TensorDType matrixDType)
    {
        var result = new List<WeightTensor>();
        var problems = new List<string>();
        foreach (var spec in MaeTensorLayout.Expected(config))
        {
            float[] values = source.Tensors[spec.Name].ReadFloats();
            if (spec.Name == PatchEmbedWeight)
            {
                values = PatchEmbedMatrix(values, config.EmbedDim, config.PatchSize);
            }

            var dtype = spec.IsMatrix ? matrixDType : TensorDType.Float32;
            int bad = 0;
            float largest = 0;
            foreach (float v in values)
            {
                bad += float.IsFinite(v) ? 0 : 1;
                largest = float.IsFinite(v) ? Math.Max(largest, Math.Abs(v)) : largest;
            }

            if (bad > 0)
            {
                problems.Add($"tensor '{spec.Name}' holds {bad} NaN/Inf value(s)");
            }
            else if (dtype == TensorDType.Float16 && largest > (float)Half.MaxValue)
            {
                problems.Add($"tensor '{spec.Name}' holds values up to {largest:G4}, beyond fp16's {(float)Half.MaxValue}: convert without --fp16");
            }

            result.Add(WeightTensor.FromFloats(spec.Name, spec.Shape, values, dtype));
        }

        if (problems.Count > 0)
        {
            throw new ImportException(source.Path, "holds values the runtime cannot use:", problems);
        }

        return result;
    }

    /// <summary>Bytes of the weight file's data section for <paramref name="config"/> (tensors at 256-byte alignment).</summary>
    public static long DataBytes(MaeConfig config, TensorDType matrixDType) =>
        MaeTensorLayout.Expected(config).Sum(s => WeightFileFormat.Align(s.ElementCount * WeightFileFormat.ElementBytes(s.IsMatrix ? matrixDType : TensorDType.Float32)));

    /// <summary>The shape the reference stores <paramref name="spec"/> with.</summary>
    internal static long[] SourceShape(TensorSpec spec, MaeConfig config) =>
        spec.Name == PatchEmbedWeight
            ? [config.EmbedDim, MaeConfig.Channels, config.PatchSize, config.PatchSize]
            : spec.Shape.Select(d => (long)d).ToArray();

    /// <summary>Conv kernel [D, 3, p, p] (c, ky, kx) to the GEMM matrix [D, p*p*3] with column (ky*p + kx)*3 + c.</summary>
    internal static float[] PatchEmbedMatrix(float[] conv, int dim, int p)
    {
        var matrix = new float[conv.Length];
        int row = 3 * p * p;
        for (int d = 0; d < dim; d++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int ky = 0; ky < p; ky++)
                {
                    for (int kx = 0; kx < p; kx++)
                    {
                        matrix[(d * row) + (((ky * p) + kx) * 3) + c] = conv[(d * row) + (((c * p) + ky) * p) + kx];
                    }
                }
            }
        }

        return matrix;
    }

    private static string Format(long[] shape) => "[" + string.Join(", ", shape) + "]";
}
