using MaeRealtime.Runtime.Model;
using MaeRealtime.Training.Data;
using MaeRealtime.Training.Tests.Support;
using MaeRealtime.Training.Trainer;

namespace MaeRealtime.Training.Tests.Trainer;

/// <summary>A tiny model and a few synthetic images, so trainer tests take well under a second per step.</summary>
internal static class TrainerTestSetup
{
    /// <summary>16 px, patch 4 (16 patches), 32 x 2 encoder, 16 x 1 decoder.</summary>
    public static MaeConfig Config => new()
    {
        ImageSize = 16,
        PatchSize = 4,
        EmbedDim = 32,
        Depth = 2,
        NumHeads = 2,
        DecoderEmbedDim = 16,
        DecoderDepth = 1,
        DecoderNumHeads = 2,
    };

    public static TrainOptions Options(TrainMode mode = TrainMode.Pretrain) => new()
    {
        Mode = mode,
        BatchSize = 4,
        Accumulation = 2,
        Steps = 40,
        WarmupSteps = 2,
        BaseLearningRate = 0.05,
        Seed = 5,
        SaveEvery = 1000,
        LogEvery = 1,
        MaskFamilies = "all",
    };

    public static ImageDataset Data => SyntheticImages.Dataset(6, seed: 100);
}
