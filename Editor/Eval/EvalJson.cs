using System.Text.Json;
using MaeRealtime.Training.Eval;

namespace MaeRealtime.Editor.Eval;

/// <summary>
/// The machine-readable eval result: <c>results</c> has one row per (method, family) with
/// <c>method, family, psnr, ssim, images</c> (images = scored samples, crop x mask); <c>bins</c> the same
/// per hole-ratio bin (<c>bin</c> instead of <c>family</c>); <c>overall</c> one row per method with its
/// mean time per fill; the run's settings sit at the top level. PSNR in dB, mean of per-sample values
/// capped at <see cref="EvalAccumulator.PsnrCeiling"/>; both scores are hole-only.
/// </summary>
internal static class EvalJson
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    /// <summary>The result document as JSON text (indented when <paramref name="indented"/>).</summary>
    public static string Serialize(EvalResults results, EvalRunInfo info, bool indented = false) =>
        JsonSerializer.Serialize(Document(results, info), indented ? s_indented : JsonSerializerOptions.Default);

    private static Dictionary<string, object> Document(EvalResults r, EvalRunInfo info) => new()
    {
        ["model"] = info.Model,
        ["device"] = info.Device,
        ["kernels"] = info.Kernels,
        ["imageFolder"] = info.ImageFolder,
        ["crop"] = info.Crop,
        ["cropPlacement"] = info.RandomCrops ? "seeded" : "center",
        ["tileSize"] = info.TileSize,
        ["tilesPerCrop"] = info.TilesPerCrop,
        ["tileOverlap"] = info.Overlap,
        ["contextRadius"] = info.ContextRadius,
        ["perImage"] = info.PerImage,
        ["seed"] = info.Seed,
        ["imageCount"] = r.Images,
        ["skippedImages"] = info.SkippedImages,
        ["samples"] = r.Samples,
        ["skippedEmptyMasks"] = r.SkippedEmptyMasks,
        ["gpuMsPerCrop"] = Math.Round(info.GpuMsPerCrop, 3),
        ["results"] = r.ByFamily.Select(row => new Dictionary<string, object>
        {
            ["method"] = row.Method,
            ["family"] = row.Group,
            ["psnr"] = Math.Round(row.Psnr, 3),
            ["ssim"] = Math.Round(row.Ssim, 4),
            ["images"] = row.Images,
        }).ToList(),
        ["bins"] = r.ByBin.Select(row => new Dictionary<string, object>
        {
            ["method"] = row.Method,
            ["bin"] = row.Group,
            ["psnr"] = Math.Round(row.Psnr, 3),
            ["ssim"] = Math.Round(row.Ssim, 4),
            ["images"] = row.Images,
        }).ToList(),
        ["overall"] = r.Overall.Select(row => new Dictionary<string, object>
        {
            ["method"] = row.Method,
            ["psnr"] = Math.Round(row.Psnr, 3),
            ["ssim"] = Math.Round(row.Ssim, 4),
            ["images"] = row.Images,
            ["msPerFill"] = Math.Round(row.Milliseconds, 3),
        }).ToList(),
    };
}
