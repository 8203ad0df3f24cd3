using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace MaeRealtime.Editor.Import;

/// <summary>
/// A small reader of the safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// (<c>{"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}</c>), then the
/// data section, offsets relative to its start. Decodes F32, F16 and BF16 to fp32. The header is validated when the
/// file is opened (dtype sizes, offsets inside the file); tensor data is read on demand.
/// </summary>
public sealed class SafetensorsFile
{
    // A header larger than this is not a plausible state dict header (the reference's ViT-Huge needs ~60 KB).
    private const long MaxHeaderBytes = 100L << 20;

    // The format stores tensors of any rank; an MAE's have at most 4.
    private const int MaxRank = 8;

    private readonly long _dataStart;
    private readonly Dictionary<string, SafetensorsEntry> _byName;

    private SafetensorsFile(string path, long dataStart, List<SafetensorsEntry> entries, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        _dataStart = dataStart;
        Entries = entries;
        Metadata = metadata;
        _byName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    /// <summary>Where the file was read from.</summary>
    public string Path { get; }

    /// <summary>The tensors, in header order.</summary>
    public IReadOnlyList<SafetensorsEntry> Entries { get; }

    /// <summary>The optional <c>__metadata__</c> string map.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Whether the first bytes of <paramref name="head"/> look like a safetensors header (a plausible length, then '{').</summary>
    public static bool LooksLikeSafetensors(ReadOnlySpan<byte> head, long fileLength)
    {
        if (head.Length < 9)
        {
            return false;
        }

        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(head);
        return n >= 2 && n <= (ulong)Math.Min(MaxHeaderBytes, fileLength - 8) && head[8] == (byte)'{';
    }

    /// <summary>Reads and validates the header of <paramref name="path"/>.</summary>
    /// <exception cref="ImportException">The file is missing, truncated, or its header is malformed or inconsistent.</exception>
    public static SafetensorsFile Open(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            Span<byte> lengthBytes = stackalloc byte[8];
            if (stream.ReadAtLeast(lengthBytes, 8, throwOnEndOfStream: false) < 8)
            {
                throw new ImportException(path, "not a safetensors file: shorter than its 8-byte header length.");
            }

            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
            if (headerLength > (ulong)Math.Min(MaxHeaderBytes, stream.Length - 8))
            {
                throw new ImportException(path, $"safetensors header length {headerLength} exceeds the file ({stream.Length} bytes) or the {MaxHeaderBytes >> 20} MiB limit (truncated or not a safetensors file).");
            }

            var json = new byte[headerLength];
            stream.ReadExactly(json);
            long dataStart = 8 + (long)headerLength;
            return Parse(path, json, dataStart, stream.Length - dataStart);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImportException(path, ex is FileNotFoundException ? "file not found." : $"cannot be read: {ex.Message}", inner: ex);
        }
    }

    /// <summary>The entry named <paramref name="name"/>, or null.</summary>
    public SafetensorsEntry? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Reads tensor <paramref name="entry"/> and widens it to fp32.</summary>
    /// <exception cref="ImportException">The dtype is not F32, F16 or BF16, or the file cannot be read.</exception>
    public float[] ReadFloats(SafetensorsEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.ElementBytes == 0)
        {
            throw new ImportException(Path, $"tensor '{entry.Name}' has dtype {entry.DType}; this reader decodes F32, F16 and BF16.");
        }

        var bytes = new byte[entry.End - entry.Begin];
        try
        {
            using var stream = File.OpenRead(Path);
            stream.Position = _dataStart + entry.Begin;
            stream.ReadExactly(bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImportException(Path, $"cannot read tensor '{entry.Name}': {ex.Message}", inner: ex);
        }

        return Decode(entry.DType, bytes);
    }

    /// <summary>Little-endian F32, F16 or BF16 bytes to fp32 values.</summary>
    internal static float[] Decode(string dtype, byte[] bytes)
    {
        switch (dtype)
        {
            case "F32":
                return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
            case "F16":
                {
                    var halves = MemoryMarshal.Cast<byte, Half>(bytes);
                    var result = new float[halves.Length];
                    for (int i = 0; i < result.Length; i++)
                    {
                        result[i] = (float)halves[i];
                    }

                    return result;
                }

            case "BF16":
                {
                    // bfloat16 is the upper half of an IEEE binary32: shift it back into place.
                    var words = MemoryMarshal.Cast<byte, ushort>(bytes);
                    var result = new float[words.Length];
                    for (int i = 0; i < result.Length; i++)
                    {
                        result[i] = BitConverter.Int32BitsToSingle(words[i] << 16);
                    }

                    return result;
                }

            default:
                throw new ArgumentException($"dtype {dtype} is not decoded.", nameof(dtype));
        }
    }

    private static SafetensorsFile Parse(string path, byte[] json, long dataStart, long dataLength)
    {
        // JsonDocument accepts invalid UTF-8 inside strings and fails only when a name is read (found by mae fuzz).
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            throw new ImportException(path, "safetensors header is not valid UTF-8 JSON.");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new ImportException(path, $"safetensors header is not valid JSON: {ex.Message}", inner: ex);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ImportException(path, "safetensors header is not a JSON object.");
            }

            var entries = new List<SafetensorsEntry>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    if (property.Value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var m in property.Value.EnumerateObject())
                        {
                            metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : m.Value.GetRawText();
                        }
                    }

                    continue;
                }

                if (!names.Add(property.Name))
                {
                    throw new ImportException(path, $"safetensors header names tensor '{property.Name}' twice.");
                }

                entries.Add(ParseEntry(path, property, dataLength));
            }

            CheckCoverage(path, entries, dataLength);
            return new SafetensorsFile(path, dataStart, entries, metadata);
        }
    }

    private static SafetensorsEntry ParseEntry(string path, JsonProperty property, long dataLength)
    {
        string name = property.Name;
        var value = property.Value;
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
        {
            throw new ImportException(path, $"safetensors header entry '{name}' lacks dtype, shape or a [begin, end] data_offsets pair.");
        }

        long[] dims;
        long begin, end;
        try
        {
            dims = shape.EnumerateArray().Select(d => d.GetInt64()).ToArray();
            begin = offsets[0].GetInt64();
            end = offsets[1].GetInt64();
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            throw new ImportException(path, $"safetensors header entry '{name}': shape and data_offsets must be integers.", inner: ex);
        }

        var entry = new SafetensorsEntry(name, dtype.GetString()!, dims, begin, end);
        if (dims.Length > MaxRank || dims.Any(d => d is < 0 or > int.MaxValue))
        {
            throw new ImportException(path, $"tensor '{name}': expected a shape of at most {MaxRank} dimensions in 0..{int.MaxValue}, found [{string.Join(", ", dims)}].");
        }

        if (begin < 0 || end < begin || end > dataLength)
        {
            throw new ImportException(path, $"tensor '{name}': data_offsets [{begin}, {end}] are outside the data section ({dataLength} bytes) (truncated file?).");
        }

        if (end - begin > Array.MaxLength)
        {
            throw new ImportException(path, $"tensor '{name}': {end - begin} bytes exceed the {Array.MaxLength} bytes one tensor may hold.");
        }

        // The element count of a lying shape can overflow a long; the byte span of the data bounds any honest one.
        if (entry.ElementBytes > 0 && !SpanMatches(dims, entry.ElementBytes, end - begin))
        {
            throw new ImportException(path, $"tensor '{name}' {entry.DType} [{string.Join(", ", dims)}]: expected {dims.Aggregate(new System.Numerics.BigInteger(entry.ElementBytes), (a, d) => a * d)} bytes, data_offsets span {end - begin}.");
        }

        return entry;
    }

    private static bool SpanMatches(long[] dims, int elementBytes, long bytes)
    {
        if (dims.Contains(0))
        {
            return bytes == 0;
        }

        long total = elementBytes;
        foreach (long d in dims)
        {
            if (total > bytes / d)
            {
                return false;
            }

            total *= d;
        }

        return total == bytes;
    }

    /// <summary>
    /// Tensors must tile the data section exactly, as the safetensors format requires: no two share a byte (a lying
    /// header could otherwise make one tensor read another's data) and no byte is left over.
    /// </summary>
    private static void CheckCoverage(string path, List<SafetensorsEntry> entries, long dataLength)
    {
        long at = 0;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.Begin != at)
            {
                throw new ImportException(path, e.Begin < at
                    ? $"tensor '{e.Name}': data_offsets [{e.Begin}, {e.End}] overlap the previous tensor, which ends at {at}."
                    : $"tensor '{e.Name}': data_offsets start at {e.Begin}, expected {at} (bytes {at}..{e.Begin} of the data section belong to no tensor).");
            }

            at = e.End;
        }

        if (at != dataLength)
        {
            throw new ImportException(path, $"the data section holds {dataLength} bytes, its tensors end at {at} (padded file or lying header).");
        }
    }
}
