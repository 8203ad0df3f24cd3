using System.IO.Compression;
using System.Text;
using MaeRealtime.Editor.Import;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Fuzz;

/// <summary>
/// PyTorch zip checkpoints: seeds are the tiny model saved bare and wrapped like the reference's; mutations rewrite
/// the pickle (integer arguments and length prefixes such as element counts, sizes and strides, swapped globals,
/// inserted opcodes, deleted or repeated ranges), the storage entries (cut, grown, emptied, removed) or the zip bytes,
/// and re-zip. The reader is <see cref="CheckpointImporter.Convert"/>; an accepted checkpoint must give a weight file
/// that loads.
/// </summary>
public sealed class PthFuzzTarget : IFuzzTarget
{
    private static readonly (string From, string To)[] Swaps =
    [
        ("FloatStorage", "DoubleStorage"), ("FloatStorage", "BoolStorage"), ("FloatStorage", "FloatStoragf"),
        ("_rebuild_tensor_v2", "_rebuild_parameter"), ("_rebuild_tensor_v2", "_rebuild_tensor_v3"),
        ("OrderedDict", "OrderedDicx"), ("collections", "subprocess"), ("storage", "storagf"), ("cpu", "cuda"),
    ];

    // Opcodes worth inserting: persistent loads, reduces, builds, stack and memo operations, a STOP.
    private static readonly byte[] Opcodes = [(byte)'Q', (byte)'R', (byte)'b', (byte)'(', (byte)'t', (byte)'0', (byte)'2', (byte)'h', (byte)'q', (byte)'.', (byte)'e', (byte)'u', (byte)'s', 0x93, 0x81, (byte)'l', (byte)'d'];

    private readonly List<List<(string Name, byte[] Bytes)>> _seeds = [];

    /// <summary>Builds the seeds in <paramref name="scratch"/>.</summary>
    public PthFuzzTarget(string scratch)
    {
        var sd = CheckpointSeeds.StateDict();
        foreach (bool bare in new[] { false, true })
        {
            using var zip = new ZipArchive(new MemoryStream(CheckpointSeeds.Pth(sd, bare, scratch)), ZipArchiveMode.Read);
            var entries = new List<(string, byte[])>();
            foreach (var e in zip.Entries)
            {
                using var s = e.Open();
                using var m = new MemoryStream();
                s.CopyTo(m);
                entries.Add((e.FullName, m.ToArray()));
            }

            _seeds.Add(entries);
        }
    }

    /// <inheritdoc />
    public int SeedCount => _seeds.Count;

    /// <inheritdoc />
    public string Extension(int seedIndex) => ".pth";

    /// <inheritdoc />
    public byte[] Mutate(int seedIndex, Random random, out string mutation)
    {
        var entries = _seeds[seedIndex].Select(e => (e.Name, Bytes: (byte[])e.Bytes.Clone())).ToList();
        int pklIndex = entries.FindIndex(e => e.Name.EndsWith("data.pkl", StringComparison.Ordinal));
        byte[] pkl = entries[pklIndex].Bytes;
        switch (random.Next(9))
        {
            case 0:
            case 1:
            case 2:
                {
                    // Integer arguments: after BININT1 'K', BININT2 'M', BININT 'J', or a BINUNICODE 'X' length.
                    var positions = Enumerable.Range(0, pkl.Length - 1).Where(i => pkl[i] is (byte)'K' or (byte)'M' or (byte)'J' or (byte)'X').ToList();
                    int at = positions[random.Next(positions.Count)];
                    int width = pkl[at] switch { (byte)'K' => 1, (byte)'M' => 2, _ => 4 };
                    long v = FuzzMutations.Integer(random);
                    FuzzMutations.WriteInteger(pkl, at + 1, width, v);
                    mutation = $"pickle '{(char)pkl[at]}' argument at {at} = {v}";
                    break;
                }

            case 3:
                {
                    var (from, to) = Swaps[random.Next(Swaps.Length)];
                    string text = Encoding.Latin1.GetString(pkl);
                    int at = text.IndexOf(from, StringComparison.Ordinal);
                    if (at >= 0)
                    {
                        // Same-length swaps keep length prefixes true; others break them, which is a case too.
                        pkl = Encoding.Latin1.GetBytes(text[..at] + to + text[(at + from.Length)..]);
                    }

                    mutation = $"pickle '{from}' -> '{to}'";
                    break;
                }

            case 4:
                {
                    int at = random.Next(pkl.Length);
                    byte op = Opcodes[random.Next(Opcodes.Length)];
                    byte[] arg = op is (byte)'h' or (byte)'q' ? [(byte)random.Next(256)] : [];
                    pkl = [.. pkl[..at], op, .. arg, .. pkl[at..]];
                    mutation = $"pickle opcode '{(char)op}' inserted at {at}";
                    break;
                }

            case 5:
                pkl = random.Next(2) == 0 ? FuzzMutations.Havoc(pkl, random) : FuzzMutations.Splice(pkl, random, out _);
                mutation = "pickle bytes cut or flipped";
                break;
            case 6:
                {
                    var storages = Enumerable.Range(0, entries.Count).Where(i => entries[i].Name.Contains("/data/", StringComparison.Ordinal)).ToList();
                    int k = storages[random.Next(storages.Count)];
                    var (name, bytes) = entries[k];
                    switch (random.Next(4))
                    {
                        case 0: entries[k] = (name, bytes[..random.Next(Math.Max(1, bytes.Length))]); mutation = $"storage '{name}' cut"; break;
                        case 1: entries[k] = (name, [.. bytes, .. new byte[1 + random.Next(4096)]]); mutation = $"storage '{name}' grown"; break;
                        case 2: entries[k] = (name, []); mutation = $"storage '{name}' emptied"; break;
                        default: entries.RemoveAt(k); mutation = $"storage '{name}' removed"; break;
                    }

                    pklIndex = entries.FindIndex(e => e.Name.EndsWith("data.pkl", StringComparison.Ordinal));
                    break;
                }

            case 7:
                mutation = "zip havoc";
                return FuzzMutations.Havoc(Zip(entries), random);
            default:
                return FuzzMutations.Splice(Zip(entries), random, out mutation);
        }

        entries[pklIndex] = (entries[pklIndex].Name, pkl);
        return Zip(entries);
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

        WeightFile.Load(output); // a refusal here escapes as a WeightFileException: the runner counts it as a crash
        return new FuzzVerdict(FuzzOutcome.Accepted, string.Empty);
    }

    private static byte[] Zip(List<(string Name, byte[] Bytes)> entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var s = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                s.Write(bytes);
            }
        }

        return stream.ToArray();
    }
}
