using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MaeRealtime.Editor.Import;
using MaeRealtime.Runtime.Model;
using static TorchSharp.torch;

namespace MaeRealtime.Editor.Fuzz;

/// <summary>
/// safetensors checkpoints: seeds are the tiny model in F32 and F16; mutations edit the JSON header as JSON (dtype,
/// shape, data_offsets, missing fields, duplicate or renamed tensors, metadata) or as text, lie in the header length,
/// and cut or flip bytes. The reader is <see cref="CheckpointImporter.Convert"/>; an accepted source must keep the
/// safetensors rules the reader documents (its tensors tile the data section exactly) and give a weight file that loads.
/// </summary>
public sealed class SafetensorsFuzzTarget : IFuzzTarget
{
    private static readonly JsonNode?[] DTypes = ["F32", "F16", "BF16", "F64", "I64", "U8", "BOOL", "", "f32", 5, null];

    private readonly List<(JsonObject Header, byte[] Data)> _seeds = [];

    /// <summary>Builds the seeds in <paramref name="scratch"/>.</summary>
    public SafetensorsFuzzTarget(string scratch)
    {
        var sd = CheckpointSeeds.StateDict();
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float16 })
        {
            byte[] bytes = CheckpointSeeds.Safetensors(sd, dtype, scratch);
            int n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            _seeds.Add(((JsonObject)JsonNode.Parse(bytes.AsSpan(8, n))!, bytes[(8 + n)..]));
        }
    }

    /// <inheritdoc />
    public int SeedCount => _seeds.Count;

    /// <inheritdoc />
    public string Extension(int seedIndex) => ".safetensors";

    /// <inheritdoc />
    public byte[] Mutate(int seedIndex, Random random, out string mutation)
    {
        var header = (JsonObject)_seeds[seedIndex].Header.DeepClone();
        byte[] data = _seeds[seedIndex].Data;
        var names = header.Where(p => p.Key != "__metadata__").Select(p => p.Key).ToList();
        string name = names[random.Next(names.Count)];
        var entry = (JsonObject)header[name]!;
        string? headerText = null;
        long? lengthLie = null;
        switch (random.Next(11))
        {
            case 0:
                entry["dtype"] = DTypes[random.Next(DTypes.Length)]?.DeepClone();
                mutation = $"dtype of '{name}' = {entry["dtype"]?.ToJsonString() ?? "null"}";
                break;
            case 1:
                {
                    var shape = (JsonArray)entry["shape"]!;
                    switch (random.Next(4))
                    {
                        case 0 when shape.Count > 0:
                            shape[random.Next(shape.Count)] = FuzzMutations.Integer(random);
                            break;
                        case 1:
                            shape.Add(FuzzMutations.Integer(random));
                            break;
                        case 2 when shape.Count > 0:
                            shape.RemoveAt(random.Next(shape.Count));
                            break;
                        default:
                            shape.Add(random.Next(2) == 0 ? JsonValue.Create("7") : JsonValue.Create(1.5));
                            break;
                    }

                    mutation = $"shape of '{name}' = {shape.ToJsonString()}";
                    break;
                }

            case 2:
            case 3:
                {
                    var offsets = (JsonArray)entry["data_offsets"]!;
                    var other = (JsonArray)header[names[random.Next(names.Count)]]!["data_offsets"]!;
                    switch (random.Next(4))
                    {
                        case 0:
                            offsets[random.Next(2)] = FuzzMutations.Integer(random);
                            break;
                        case 1:
                            entry["data_offsets"] = other.DeepClone();
                            break;
                        case 2:
                            long shift = random.Next(2) == 0 ? random.Next(1, 8) : -random.Next(1, 8);
                            offsets[0] = offsets[0]!.GetValue<long>() + shift;
                            offsets[1] = offsets[1]!.GetValue<long>() + shift;
                            break;
                        default:
                            (offsets[0], offsets[1]) = (offsets[1]!.DeepClone(), offsets[0]!.DeepClone());
                            break;
                    }

                    mutation = $"data_offsets of '{name}' = {entry["data_offsets"]!.ToJsonString()}";
                    break;
                }

            case 4:
                {
                    string field = new[] { "dtype", "shape", "data_offsets" }[random.Next(3)];
                    if (random.Next(3) == 0)
                    {
                        header.Remove(name);
                        mutation = $"tensor '{name}' removed";
                    }
                    else
                    {
                        entry.Remove(field);
                        mutation = $"'{name}'.{field} removed";
                    }

                    break;
                }

            case 5:
                {
                    // Duplicate keys cannot be built as a JsonObject: splice the text.
                    string text = header.ToJsonString();
                    string pair = $"\"{name}\":{entry.ToJsonString()}";
                    headerText = text[..^1] + "," + pair + "}";
                    mutation = $"tensor '{name}' given twice";
                    break;
                }

            case 6:
                {
                    string renamed = random.Next(3) switch
                    {
                        0 => names[random.Next(names.Count)],
                        1 => $"blocks.{FuzzMutations.Integer(random)}.norm1.weight",
                        _ => name + ".x",
                    };
                    header.Remove(name);
                    header[renamed] = entry;
                    mutation = $"'{name}' renamed '{renamed}'";
                    break;
                }

            case 7:
                header["__metadata__"] = random.Next(3) switch
                {
                    0 => new JsonObject { ["norm_pix_loss"] = "maybe" },
                    1 => new JsonObject { ["norm_pix_loss"] = new JsonArray(1, 2) },
                    _ => JsonValue.Create(7),
                };
                mutation = $"__metadata__ = {header["__metadata__"]!.ToJsonString()}";
                break;
            case 8:
                lengthLie = FuzzMutations.Integer(random);
                mutation = $"header length = {lengthLie}";
                break;
            case 9:
                {
                    byte[] whole = Assemble(Encoding.UTF8.GetBytes(header.ToJsonString()), data, null);
                    mutation = "havoc";
                    return FuzzMutations.Havoc(whole, random);
                }

            default:
                {
                    byte[] whole = Assemble(Encoding.UTF8.GetBytes(header.ToJsonString()), data, null);
                    return FuzzMutations.Splice(whole, random, out mutation);
                }
        }

        return Assemble(Encoding.UTF8.GetBytes(headerText ?? header.ToJsonString()), data, lengthLie);
    }

    /// <inheritdoc />
    public FuzzVerdict Run(string path, string scratch)
    {
        string output = Path.Combine(scratch, "out.maew");
        try
        {
            CheckpointImporter.Convert(path, output);
        }
        catch (ImportException ex)
        {
            return FuzzRunner.Refusal(ex, path);
        }
        catch (WeightFileException ex)
        {
            return FuzzRunner.Refusal(ex, path, output);
        }

        string? broken = CoverageProblem(File.ReadAllBytes(path));
        if (broken is not null)
        {
            return new FuzzVerdict(FuzzOutcome.AcceptedInvalid, $"converted, but the source breaks the safetensors rules: {broken}");
        }

        WeightFile.Load(output); // a refusal here escapes as a WeightFileException: the runner counts it as a crash
        return new FuzzVerdict(FuzzOutcome.Accepted, string.Empty);
    }

    // Written independently of SafetensorsFile: the header is one JSON object of unique keys whose entries' byte
    // ranges tile the data section that follows it.
    private static string? CoverageProblem(byte[] bytes)
    {
        long n = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (n > bytes.Length - 8)
        {
            return "header length past the file";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ranges = new List<(long Begin, long End)>();
        using var doc = JsonDocument.Parse(bytes.AsMemory(8, (int)n));
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (!seen.Add(p.Name))
            {
                return $"duplicate key '{p.Name}'";
            }

            if (p.Name != "__metadata__")
            {
                var o = p.Value.GetProperty("data_offsets");
                ranges.Add((o[0].GetInt64(), o[1].GetInt64()));
            }
        }

        long at = 0;
        foreach (var (begin, end) in ranges.OrderBy(r => r.Begin))
        {
            if (begin != at || end < begin)
            {
                return $"data range [{begin}, {end}) does not start at {at}";
            }

            at = end;
        }

        return at == bytes.Length - 8 - n ? null : $"tensors end at {at}, the data section holds {bytes.Length - 8 - n} bytes";
    }

    private static byte[] Assemble(byte[] json, byte[] data, long? lengthLie)
    {
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, lengthLie ?? json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }
}
