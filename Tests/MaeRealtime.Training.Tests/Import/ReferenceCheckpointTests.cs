using MaeRealtime.Training.Import;
using MaeRealtime.Training.Model;
using MaeRealtime.Training.Tests.Support;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Tests.Import;

public sealed class ReferenceCheckpointTests
{
    [Fact]
    public void InfersTheGoldenConfigFromShapes()
    {
        var expected = GoldenFixture.Config();
        var stateDict = ReferenceCheckpoint.ReadStateDict(GoldenFixture.File("ref.pth"));
        try
        {
            var config = ReferenceCheckpoint.InferConfig(stateDict, expected.NumHeads, expected.DecoderNumHeads);
            Assert.Equal(
                (expected.ImageSize, expected.PatchSize, expected.EmbedDim, expected.Depth, expected.NumHeads, expected.DecoderEmbedDim, expected.DecoderDepth, expected.DecoderNumHeads, expected.MlpRatio),
                (config.ImageSize, config.PatchSize, config.EmbedDim, config.Depth, config.NumHeads, config.DecoderEmbedDim, config.DecoderDepth, config.DecoderNumHeads, config.MlpRatio));
            Assert.Equal(1e-6f, config.LayerNormEps);
        }
        finally
        {
            Dispose(stateDict);
        }
    }

    [Fact]
    public void LoadedModelHoldsTheCheckpointValues()
    {
        var config = GoldenFixture.Config();
        var stateDict = ReferenceCheckpoint.ReadStateDict(GoldenFixture.File("ref.pth"));
        using var model = ReferenceCheckpoint.Load(GoldenFixture.File("ref.pth"), config.NumHeads, config.DecoderNumHeads);
        try
        {
            var loaded = model.state_dict();
            Assert.Equal(stateDict.Keys.Order(StringComparer.Ordinal), loaded.Keys.Order(StringComparer.Ordinal));
            foreach (var (name, t) in stateDict)
            {
                Assert.True(TensorAssert.Same(loaded[name], t), name);
            }
        }
        finally
        {
            Dispose(stateDict);
        }
    }

    [Fact]
    public void ReportsMissingUnexpectedAndMisshapenTensorsByName()
    {
        var config = GoldenFixture.Config();
        using var model = new MaeModel(config);
        var stateDict = ReferenceCheckpoint.ReadStateDict(GoldenFixture.File("ref.pth"));
        try
        {
            stateDict.Remove("norm.bias", out var removed);
            removed?.Dispose();
            stateDict["head.weight"] = zeros(10, 48);
            stateDict["decoder_pred.bias"].Dispose();
            stateDict["decoder_pred.bias"] = zeros(10);

            var ex = Assert.Throws<CheckpointException>(() => ReferenceCheckpoint.LoadInto(model, stateDict, "golden"));
            Assert.Contains("missing tensor 'norm.bias': expected shape [48]", ex.Message);
            Assert.Contains("unexpected tensor 'head.weight' with shape [10, 48]", ex.Message);
            Assert.Contains("tensor 'decoder_pred.bias': expected shape [192], found [10]", ex.Message);
            Assert.StartsWith("Checkpoint 'golden'", ex.Message);
        }
        finally
        {
            Dispose(stateDict);
        }
    }

    [Fact]
    public void MissingOrForeignFilesFailWithTheirPath()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.pth");
        var ex = Assert.Throws<CheckpointException>(() => ReferenceCheckpoint.ReadStateDict(missing));
        Assert.Contains(missing, ex.Message);

        using var notZip = new TempFile(".pth");
        File.WriteAllText(notZip.Path, "not a checkpoint");
        ex = Assert.Throws<CheckpointException>(() => ReferenceCheckpoint.ReadStateDict(notZip.Path));
        Assert.Contains(notZip.Path, ex.Message);
    }

    [Fact]
    public void InferenceNamesTheTensorItNeeds()
    {
        var stateDict = ReferenceCheckpoint.ReadStateDict(GoldenFixture.File("ref.pth"));
        try
        {
            stateDict.Remove("pos_embed", out var removed);
            removed?.Dispose();
            var ex = Assert.Throws<CheckpointException>(() => ReferenceCheckpoint.InferConfig(stateDict, 3, 2));
            Assert.Contains("'pos_embed'", ex.Message);
        }
        finally
        {
            Dispose(stateDict);
        }
    }

    private static void Dispose(Dictionary<string, Tensor> stateDict)
    {
        foreach (var t in stateDict.Values)
        {
            t.Dispose();
        }
    }
}
