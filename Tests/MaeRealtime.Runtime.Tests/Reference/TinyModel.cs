using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Runtime.Tests.Reference;

/// <summary>
/// A small random-weight model and inputs for forward-pass tests: 16 px tiles of 4 px patches (16
/// patches), encoder 12 wide with 3 heads, decoder 8 wide with 2 heads, one block each.
/// </summary>
public static class TinyModel
{
    public static MaeConfig Config { get; } = new()
    {
        ImageSize = 16,
        PatchSize = 4,
        EmbedDim = 12,
        Depth = 1,
        NumHeads = 3,
        DecoderEmbedDim = 8,
        DecoderDepth = 1,
        DecoderNumHeads = 2,
    };

    /// <summary>A seeded <see cref="Runtime.Model.RandomWeights"/> file for <see cref="Config"/>, written to a temp file and loaded back.</summary>
    public static WeightFile Create(int seed, out MaeConfig config, TensorDType matrixType = TensorDType.Float32)
    {
        config = Config;
        string path = Path.Combine(Path.GetTempPath(), $"mae-tiny-{Guid.NewGuid():N}.maew");
        try
        {
            Runtime.Model.RandomWeights.Write(path, config, seed, matrixType);
            return WeightFile.Load(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A random RGB tile [S, S, 3] with a square hole covering pixels [from, to) in both axes.</summary>
    public static (float[] Image, float[] Holes) Tile(MaeConfig config, int seed, int holeFrom, int holeTo)
    {
        int s = config.ImageSize;
        var rng = new Random(seed);
        var image = new float[s * s * 3];
        for (int i = 0; i < image.Length; i++)
        {
            image[i] = (float)rng.NextDouble();
        }

        var holes = new float[s * s];
        for (int y = holeFrom; y < holeTo; y++)
        {
            for (int x = holeFrom; x < holeTo; x++)
            {
                holes[y * s + x] = 1f;
            }
        }

        return (image, holes);
    }
}
