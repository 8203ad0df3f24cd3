using System.IO.Compression;

namespace MaeRealtime.Editor.Import.Pickle;

/// <summary>
/// The checks a PyTorch zip checkpoint passes before TorchSharp.PyBridge reads it (docs/IMPORTING.md, "Hostile files"):
/// a readable zip of at most <see cref="MaxEntries"/> entries, a <c>data.pkl</c> of at most <see cref="MaxPickleBytes"/>
/// that <see cref="PickleScanner"/> accepts, and every storage entry it names holding exactly the bytes its zip header
/// declares (so a lying header cannot size an allocation). Entries are found by the same name rules PyBridge uses.
/// </summary>
internal static class PyTorchArchiveCheck
{
    /// <summary>Largest <c>data.pkl</c>, in bytes (the reference's checkpoints have pickles of a few hundred KB).</summary>
    public const long MaxPickleBytes = 64L << 20;

    /// <summary>Most zip entries.</summary>
    public const int MaxEntries = 100_000;

    /// <summary>Checks <paramref name="stream"/> (the file at <paramref name="path"/>); leaves it open.</summary>
    /// <exception cref="ImportException">The archive is malformed or hostile; the message says what and where.</exception>
    public static void Check(string path, Stream stream)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (Exception ex) when (ex is InvalidDataException or NotSupportedException or ArgumentException or IOException)
        {
            throw new ImportException(path, $"is not a readable zip archive: {ex.Message}", inner: ex);
        }

        using (zip)
        {
            var entries = zip.Entries;
            if (entries.Count > MaxEntries)
            {
                throw new ImportException(path, $"the zip archive has {entries.Count} entries; a checkpoint has far fewer (at most {MaxEntries}).");
            }

            var pickleEntry = entries.FirstOrDefault(e => e.Name.EndsWith("data.pkl", StringComparison.Ordinal))
                ?? throw new ImportException(path, "the zip archive has no data.pkl entry: not a torch.save checkpoint.");
            byte[] pickle = ReadExactly(path, pickleEntry, MaxPickleBytes);
            var verified = new Dictionary<string, long?>(StringComparer.Ordinal);
            PickleScanner.Scan(path, pickle, key =>
            {
                if (!verified.TryGetValue(key, out long? length))
                {
                    var entry = entries.FirstOrDefault(e => e.FullName.EndsWith($"data/{key}", StringComparison.Ordinal));
                    length = entry is null ? null : CountBytes(path, entry);
                    verified[key] = length;
                }

                return length;
            });
        }
    }

    private static byte[] ReadExactly(string path, ZipArchiveEntry entry, long limit)
    {
        if (entry.Length > limit)
        {
            throw new ImportException(path, $"entry '{entry.FullName}' declares {entry.Length} bytes, more than the {limit} allowed.");
        }

        var bytes = new byte[entry.Length];
        try
        {
            using var s = entry.Open();
            int read = s.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read != bytes.Length || s.ReadByte() >= 0)
            {
                throw new ImportException(path, $"entry '{entry.FullName}' does not hold the {entry.Length} bytes its zip header declares.");
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or NotSupportedException or IOException)
        {
            throw new ImportException(path, $"entry '{entry.FullName}' cannot be read: {ex.Message}", inner: ex);
        }

        return bytes;
    }

    // Streams the entry (no buffer of its size) to prove its declared length; a deflate stream can expand far past it.
    private static long CountBytes(string path, ZipArchiveEntry entry)
    {
        long declared = entry.Length;
        long count = 0;
        var buffer = new byte[1 << 16];
        try
        {
            using var s = entry.Open();
            int n;
            while ((n = s.Read(buffer, 0, (int)Math.Min(buffer.Length, declared + 1 - count))) > 0)
            {
                count += n;
                if (count > declared)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or NotSupportedException or IOException)
        {
            throw new ImportException(path, $"entry '{entry.FullName}' cannot be read: {ex.Message}", inner: ex);
        }

        return count == declared
            ? declared
            : throw new ImportException(path, $"entry '{entry.FullName}' declares {declared} bytes in its zip header and holds {(count > declared ? "more" : count.ToString(System.Globalization.CultureInfo.InvariantCulture))}.");
    }
}
