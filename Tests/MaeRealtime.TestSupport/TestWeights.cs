using MaeRealtime.Runtime.Model;

namespace MaeRealtime.TestSupport;

/// <summary>Random-weight files in a test's temp folder (see <see cref="Runtime.Model.RandomWeights"/>).</summary>
public static class TestWeights
{
    public static string WriteRandom(MaeConfig config, int seed, string directory, TensorDType matrices = TensorDType.Float32)
    {
        string path = Path.Combine(directory, $"random-{seed}-{matrices}.maew");
        Runtime.Model.RandomWeights.Write(path, config, seed, matrices);
        return path;
    }
}
