namespace MaeRealtime.Editor.Sequences;

/// <summary>How a sequence eval was set up, printed with its results so a table can be reproduced.</summary>
/// <param name="Model">The weight file.</param>
/// <param name="Device">The Vulkan device.</param>
/// <param name="ImageFolder">Where the photos came from (null: none were needed).</param>
/// <param name="Size">Frame side of the synthetic sequences.</param>
/// <param name="Frames">Frames per synthetic sequence.</param>
/// <param name="Photos">Photos used.</param>
/// <param name="SkippedPhotos">Photos skipped as unreadable.</param>
/// <param name="Seed">The run's seed (occluder placement).</param>
/// <param name="TileSize">The model's tile side.</param>
/// <param name="Overlap">Tile overlap in pixels.</param>
/// <param name="ContextRadius">Encoder context radius in patches.</param>
/// <param name="HistoryFrames">The runtime's <see cref="Runtime.Frames.FrameInpainterOptions.HistoryFrames"/>.</param>
/// <param name="Sequences">Every sequence run: kind, name, size and frames.</param>
internal sealed record SequenceEvalInfo(
    string Model,
    string Device,
    string? ImageFolder,
    int Size,
    int Frames,
    int Photos,
    int SkippedPhotos,
    int Seed,
    int TileSize,
    int Overlap,
    int ContextRadius,
    int HistoryFrames,
    IReadOnlyList<(string Kind, string Name, int Width, int Height, int Frames)> Sequences);
