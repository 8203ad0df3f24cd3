namespace MaeRealtime.Editor.Eval;

/// <summary>How an eval run was set up, printed with its results so a table can be reproduced.</summary>
/// <param name="Model">The weight file.</param>
/// <param name="Device">The Vulkan device the model ran on.</param>
/// <param name="ImageFolder">Where the images came from.</param>
/// <param name="Crop">Crop side in pixels.</param>
/// <param name="RandomCrops">Whether crops were placed by seed rather than centred.</param>
/// <param name="TileSize">The model's tile side in pixels.</param>
/// <param name="TilesPerCrop">Tiles in a crop's grid (only those holding holes run).</param>
/// <param name="Overlap">Pixels neighbouring tiles share (their fills are blended across it).</param>
/// <param name="PerImage">Masks per family and image.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="SkippedImages">Images skipped as unreadable or smaller than the crop.</param>
/// <param name="GpuMsPerCrop">Mean GPU time of the model per crop (0 without timestamps).</param>
/// <param name="ContextRadius">The encoder's context radius in patches (0: every visible patch).</param>
/// <param name="Kernels">The kernel family and activation precision the frame pass ran with.</param>
internal sealed record EvalRunInfo(
    string Model,
    string Device,
    string ImageFolder,
    int Crop,
    bool RandomCrops,
    int TileSize,
    int TilesPerCrop,
    int Overlap,
    int PerImage,
    int Seed,
    int SkippedImages,
    double GpuMsPerCrop,
    int ContextRadius = 0,
    string Kernels = "");
