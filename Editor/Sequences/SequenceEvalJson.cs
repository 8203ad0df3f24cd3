using System.Text.Json;

namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// The machine-readable sequence eval: <c>results</c> has one row per (sequence kind, method) with <c>sequence,
/// method, psnr, flicker, fillChange, truthChange, flickerPixels, holePixels, frames, sequences, msPerFrame,
/// gpuMsPerFrame</c>; <c>sequences</c> lists every sequence run; <c>tileReuse</c> per sequence kind the active tiles of
/// the frames after the first and those whose inputs were unchanged (what a tile-reuse scheme could skip); the run's settings sit at the top level. PSNR in dB
/// over all hole pixels of all frames (null without a ground truth); flicker in 8-bit levels (FlickerMeter).
/// </summary>
internal static class SequenceEvalJson
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    /// <summary>The result document as JSON text.</summary>
    public static string Serialize(IReadOnlyList<SequenceEvalRow> rows, SequenceEvalInfo info, IReadOnlyDictionary<string, (long Active, long Unchanged)>? reuse = null, bool indented = false) =>
        JsonSerializer.Serialize(Document(rows, info, reuse), indented ? s_indented : JsonSerializerOptions.Default);

    private static Dictionary<string, object?> Document(IReadOnlyList<SequenceEvalRow> rows, SequenceEvalInfo info, IReadOnlyDictionary<string, (long Active, long Unchanged)>? reuse) => new()
    {
        ["mode"] = "sequence",
        ["model"] = info.Model,
        ["device"] = info.Device,
        ["imageFolder"] = info.ImageFolder,
        ["size"] = info.Size,
        ["frames"] = info.Frames,
        ["photos"] = info.Photos,
        ["skippedPhotos"] = info.SkippedPhotos,
        ["seed"] = info.Seed,
        ["tileSize"] = info.TileSize,
        ["tileOverlap"] = info.Overlap,
        ["contextRadius"] = info.ContextRadius,
        ["historyFrames"] = info.HistoryFrames,
        ["sequences"] = info.Sequences.Select(s => new Dictionary<string, object>
        {
            ["sequence"] = s.Kind,
            ["name"] = s.Name,
            ["width"] = s.Width,
            ["height"] = s.Height,
            ["frames"] = s.Frames,
        }).ToList(),
        ["tileReuse"] = reuse?.Select(r => new Dictionary<string, object>
        {
            ["sequence"] = r.Key,
            ["activeTiles"] = r.Value.Active,
            ["unchangedTiles"] = r.Value.Unchanged,
        }).ToList(),
        ["results"] = rows.Select(r => new Dictionary<string, object?>
        {
            ["sequence"] = r.Kind,
            ["method"] = r.Method,
            ["psnr"] = Number(r.Score.Psnr, 3),
            ["flicker"] = Number(r.Score.Flicker, 4),
            ["fillChange"] = Number(r.Score.FillChange, 4),
            ["truthChange"] = Number(r.Score.TruthChange, 4),
            ["flickerPixels"] = r.Score.FlickerPixels,
            ["holePixels"] = r.Score.HolePixels,
            ["frames"] = r.Score.Frames,
            ["sequences"] = r.Score.Sequences,
            ["msPerFrame"] = Number(r.Score.WallMilliseconds / Math.Max(1, r.Score.Frames), 3),
            ["gpuMsPerFrame"] = Number(r.Score.GpuMilliseconds / Math.Max(1, r.Score.Frames), 3),
        }).ToList(),
    };

    /// <summary>JSON has no NaN or infinity: a score that does not exist is null; an exact fill's PSNR is capped at 100 dB.</summary>
    private static double? Number(double value, int digits) =>
        double.IsNaN(value) ? null : double.IsPositiveInfinity(value) ? 100 : Math.Round(value, digits);
}
