using System.Text.Json;
using MaeRealtime.Runtime;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Import;

/// <summary>
/// The <c>KEY.import.json</c> beside a cached weight file: what the conversion noted and flagged, so a cache hit
/// reports the same as the conversion did (the norm-pix warning must not disappear on the second import).
/// </summary>
internal static class ImportRecord
{
    private sealed record Record(string Format, long ParameterCount, string[] Notes, string[] Warnings);

    /// <summary>Writes the record atomically.</summary>
    public static void Write(string path, ImportResult result)
    {
        var record = new Record(result.Format.ToString(), result.ParameterCount, [.. result.Notes], [.. result.Warnings]);
        AtomicFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(record, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The cached result when both files exist and the weight file loads; null means convert again.</summary>
    public static ImportResult? TryReuse(string weightsPath, string recordPath, string sourcePath)
    {
        if (!File.Exists(weightsPath) || !File.Exists(recordPath))
        {
            return null;
        }

        try
        {
            var record = JsonSerializer.Deserialize<Record>(File.ReadAllBytes(recordPath));
            if (record is null || !Enum.TryParse<CheckpointFormat>(record.Format, out var format))
            {
                return null;
            }

            var file = WeightFile.Load(weightsPath);
            return new ImportResult
            {
                SourcePath = sourcePath,
                OutputPath = weightsPath,
                Format = format,
                Config = file.Config,
                MatrixDType = file.MatrixDType,
                ParameterCount = record.ParameterCount,
                Notes = record.Notes ?? [],
                Warnings = record.Warnings ?? [],
                FromCache = true,
            };
        }
        catch (Exception ex) when (ex is WeightFileException or JsonException or IOException or UnauthorizedAccessException)
        {
            return null; // damaged or half-written by an interrupted run: convert again and replace it
        }
    }
}
