using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Training.Tests.Support;

/// <summary>Small model configs that keep CPU tests fast while exercising uneven shapes.</summary>
internal static class TestConfigs
{
    /// <summary>The golden fixture's architecture: 32 px, patch 8, 48 x 2 encoder (3 heads), 32 x 1 decoder (2 heads).</summary>
    public static MaeConfig Golden => new()
    {
        ImageSize = 32,
        PatchSize = 8,
        EmbedDim = 48,
        Depth = 2,
        NumHeads = 3,
        DecoderEmbedDim = 32,
        DecoderDepth = 1,
        DecoderNumHeads = 2,
        MlpRatio = 4,
    };

    /// <summary>An odd 5 x 5 grid of 4 px patches, with other widths, depths, head counts and MLP ratio.</summary>
    public static MaeConfig Odd => new()
    {
        ImageSize = 20,
        PatchSize = 4,
        EmbedDim = 24,
        Depth = 3,
        NumHeads = 2,
        DecoderEmbedDim = 16,
        DecoderDepth = 2,
        DecoderNumHeads = 4,
        MlpRatio = 2,
    };
}
