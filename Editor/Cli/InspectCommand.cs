using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using MaeRealtime.Editor.Inspect;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Cli;

/// <summary>
/// <c>mae inspect FILE</c>: what a weight file holds (config, tensor table, checksum), what it costs (parameters,
/// FLOPs per tile at 25% holes, GPU memory for a batch of tiles) and whether the runtime loads it. A file the runtime
/// refuses is still shown as far as its header can be read; the command then ends with the reason and exit code 1.
/// </summary>
public sealed class InspectCommand : ICliCommand
{
    // A damaged config block may hold NaN or infinities; they must print, not crash the serializer.
    private static readonly JsonSerializerOptions JsonOptions = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <inheritdoc />
    public Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "Weight file (.maew)." };
        var tiles = new Option<int>("--tiles") { Description = "Tiles per batch for the GPU memory estimate.", DefaultValueFactory = _ => 16 };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("inspect", "Show a weight file's config, tensors, checksum, FLOPs and GPU memory.") { file, tiles, json };
        command.SetAction(r => Run(r.InvocationConfiguration.Output, r.GetRequiredValue(file), r.GetValue(tiles), r.GetValue(json)));
        return command;
    }

    private static int Run(TextWriter stdout, string path, int tiles, bool json)
    {
        if (tiles < 1)
        {
            throw new CliException($"--tiles must be at least 1 (found {tiles}).");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Weight file '{path}' does not exist.", path);
        }

        var summary = WeightFileSummary.Read(path);
        WeightFileException? refusal = null;
        try
        {
            WeightFile.Load(path);
        }
        catch (WeightFileException ex)
        {
            refusal = ex;
        }

        // Costs need a consistent config; a refused file may not have one.
        var c = summary.Config;
        bool configValid = IsValid(c);
        long weightBytes = ModelCost.WeightBufferBytes(summary.DataLength);
        long? arena = configValid ? Arena(c, tiles) : null;
        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(new
            {
                path,
                fileBytes = summary.FileLength,
                version = summary.Version,
                config = new
                {
                    imageSize = c.ImageSize,
                    patchSize = c.PatchSize,
                    embedDim = c.EmbedDim,
                    depth = c.Depth,
                    numHeads = c.NumHeads,
                    decoderEmbedDim = c.DecoderEmbedDim,
                    decoderDepth = c.DecoderDepth,
                    decoderNumHeads = c.DecoderNumHeads,
                    mlpRatio = c.MlpRatio,
                    layerNormEps = c.LayerNormEps,
                    mean = c.Mean,
                    std = c.Std,
                    target = c.Target.ToString(),
                    masking = c.Masking.ToString(),
                    fill = c.Fill.ToString(),
                    decoder = c.Decoder.ToString(),
                    contextRadius = c.ContextRadius,
                },
                tensors = summary.Entries.Select(e => new { name = e.Name, dtype = e.DType.ToString(), shape = e.Shape, bytes = e.ByteLength, offset = e.Offset }),
                checksum = new { ok = summary.ChecksumOk, stored = summary.StoredChecksum, computed = summary.ComputedChecksum },
                parameters = configValid ? ModelCost.ParameterCount(c) : (long?)null,
                flopsPerTileAt25PercentHoles = configValid ? ModelCost.FlopsPerTile(c) : (double?)null,
                visiblePatchesAt25PercentHoles = configValid ? ModelCost.VisiblePatches(c, ModelCost.ReferenceHoleFraction) : (int?)null,
                gpuMemory = new { tiles, weightBytes, activationBytes = arena, totalBytes = weightBytes + arena },
                loads = refusal is null,
                problem = refusal?.Message,
            }, JsonOptions));
        }
        else
        {
            WriteText(stdout, summary, configValid, tiles, weightBytes, arena, refusal);
        }

        return refusal is null ? 0 : throw refusal;
    }

    private static void WriteText(TextWriter o, WeightFileSummary s, bool configValid, int tiles, long weightBytes, long? arena, WeightFileException? refusal)
    {
        var c = s.Config;
        o.WriteLine($"{s.Path}: MaeRealtime weight file v{s.Version}, {s.FileLength:N0} bytes");
        o.WriteLine($"config: {ConfigText.Architecture(c)}, LayerNorm eps {c.LayerNormEps:G3}");
        o.WriteLine($"        mean [{string.Join(", ", c.Mean)}], std [{string.Join(", ", c.Std)}], target {ConfigText.Target(c.Target)}, masking {c.Masking}, fill {c.Fill}");
        o.WriteLine($"        decoder {c.Decoder}, context {(c.ContextRadius == 0 ? "every visible patch" : $"radius {c.ContextRadius} patches")}");
        o.WriteLine($"tensors: {s.Entries.Count}");
        int width = Math.Max(4, s.Entries.Count == 0 ? 4 : s.Entries.Max(e => e.Name.Length));
        o.WriteLine($"  {"name".PadRight(width)}  {"dtype",-7}  {"shape",-16}  {"bytes",12}  {"offset",12}");
        foreach (var e in s.Entries)
        {
            o.WriteLine($"  {e.Name.PadRight(width)}  {DType(e.DType),-7}  {TensorSpec.FormatShape(e.Shape),-16}  {e.ByteLength,12:N0}  {e.Offset,12:N0}");
        }

        o.WriteLine(s.ChecksumOk switch
        {
            true => $"checksum: ok (SHA-256 {s.StoredChecksum})",
            false => $"checksum: MISMATCH (stored {s.StoredChecksum}, computed {s.ComputedChecksum}): the file is damaged",
            null => "checksum: missing (the file ends before the checksum the header implies: truncated)",
        });
        if (configValid)
        {
            int visible = ModelCost.VisiblePatches(c, ModelCost.ReferenceHoleFraction);
            o.WriteLine($"parameters: {ModelCost.ParameterCount(c):N0} (learned; the fixed sin-cos position tables not counted)");
            o.WriteLine($"FLOPs per tile at 25% holes: {ModelCost.FlopsPerTile(c) / 1e6:N1} MFLOP ({visible} of {c.NumPatches} patches visible, all of them as context; a frame's cost follows its plan: mae bench --plan-only; GEMMs and attention, multiply-add = 2)");
            if (c.Masking == MaskPolicy.MostlyHole)
            {
                // Partly covered patches stay visible, so the same hole area can leave every patch to the encoder.
                o.WriteLine($"  mask policy MostlyHole: up to {ModelCost.FlopsPerTile(c, 0) / 1e6:N1} MFLOP when no patch is more than half hole (all {c.NumPatches} visible)");
            }
            o.WriteLine(arena is long a
                ? $"GPU memory for {tiles} tiles: {Mib(weightBytes + a)} = weights {Mib(weightBytes)} + activations {Mib(a)} ({Mib(Arena(c, 1) ?? 0)} for 1 tile)"
                : $"GPU memory for {tiles} tiles: weights {Mib(weightBytes)}; the activations exceed the runtime's 32-bit offsets (use fewer tiles)");
        }
        else
        {
            o.WriteLine("parameters, FLOPs, GPU memory: not computed (the config block is invalid)");
        }

        o.WriteLine(refusal is null ? "loads: yes" : "loads: NO (reason below)");
    }

    private static long? Arena(MaeConfig c, int tiles)
    {
        try
        {
            return ModelCost.ActivationBytes(c, tiles);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static bool IsValid(MaeConfig c)
    {
        try
        {
            // The loader's bounds too: costs multiply config integers, which a hostile file could make overflow.
            WeightFileLimits.Check(c);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string DType(TensorDType t) => t switch
    {
        TensorDType.Float32 => "fp32",
        TensorDType.Float16 => "fp16",
        _ => $"code {(int)t}",
    };

    private static string Mib(long bytes) => $"{bytes / (1024.0 * 1024):F2} MiB";
}
