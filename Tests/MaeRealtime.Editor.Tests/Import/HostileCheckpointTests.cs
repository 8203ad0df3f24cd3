using System.IO.Compression;
using System.Text;
using MaeRealtime.Editor.Import;

namespace MaeRealtime.Editor.Tests.Import;

/// <summary>
/// Crafted checkpoints: safetensors headers that lie and PyTorch pickles that would make the unpickler allocate
/// without bound or call a Python function. Each is refused with one error naming the file; nothing is run.
/// </summary>
public sealed class HostileCheckpointTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12, "overlap the previous tensor")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}""", 16, "names tensor 'a' twice")]
    [InlineData("""{"a":{"dtype":"F32","shape":[4294967296,4294967296,4],"data_offsets":[0,16]}}""", 16, "expected a shape of at most 8 dimensions")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2147483647,2147483647,2147483647],"data_offsets":[0,16]}}""", 16, "data_offsets span 16")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}""", 16, "belong to no tensor")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 24, "tensors end at 8")]
    public void LyingSafetensorsHeaders_AreRefused(string header, int dataBytes, string expected)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        string path = _dir.File("lie.safetensors");
        File.WriteAllBytes(path, [.. BitConverter.GetBytes((ulong)json.Length), .. json, .. new byte[dataBytes]]);

        var ex = Assert.Throws<ImportException>(() => SafetensorsFile.Open(path));
        Assert.Contains(expected, ex.Summary, StringComparison.Ordinal);
        Assert.Contains(path, ex.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8InAHeaderName_IsRefused()
    {
        byte[] json = [.. "{\"a"u8, 0xD1, .. "\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}"u8];
        string path = _dir.File("utf8.safetensors");
        File.WriteAllBytes(path, [.. BitConverter.GetBytes((ulong)json.Length), .. json, .. new byte[8]]);

        var ex = Assert.Throws<ImportException>(() => SafetensorsFile.Open(path));
        Assert.Contains("not valid UTF-8", ex.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void PickleClaimingAGigaElementStorage_IsRefusedBeforeAllocating()
    {
        string path = Pth(Tensor(numel: 1_000_000_000, size: [4], stride: [1]), storageBytes: 16);
        var ex = Refused(path);
        Assert.Contains("storage '0' claims 1000000000 elements of 4 bytes; its archive entry holds 16 bytes", ex.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void PickleRebuildingAHugeViewOfASmallStorage_IsRefused()
    {
        // size 100000 x 100000 with stride 0 over 4 elements: PyBridge would allocate 40 GB of zeros for it.
        string path = Pth(Tensor(numel: 4, size: [100_000, 100_000], stride: [0, 0]), storageBytes: 16);
        var ex = Refused(path);
        Assert.Contains("addresses more than the 4 elements of storage '0'", ex.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void PickleCallingAPythonFunction_RunsNothing()
    {
        string marker = _dir.File("executed");
        var p = new PickleBuilder().Proto().Global("os", "system").Mark().Unicode($"touch {marker}").Op('t').Op('R').Op('.');
        string path = Pth(p.Bytes, storageBytes: 0);
        Refused(path);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void TextProtocolOpcodes_AreRefused()
    {
        var p = new PickleBuilder().Proto().Raw("I12345\n"u8.ToArray()).Op('.');
        var ex = Refused(Pth(p.Bytes, storageBytes: 0));
        Assert.Contains("opcode 0x49", ex.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void LyingStringLength_IsRefused()
    {
        var p = new PickleBuilder().Proto().Op('X').Raw(BitConverter.GetBytes(int.MaxValue)).Raw("abc"u8.ToArray()).Op('.');
        var ex = Refused(Pth(p.Bytes, storageBytes: 0));
        Assert.Contains($"declares a {int.MaxValue}-byte value", ex.Summary, StringComparison.Ordinal);
    }

    private static byte[] Tensor(long numel, long[] size, long[] stride)
    {
        var p = new PickleBuilder().Proto().Global("torch._utils", "_rebuild_tensor_v2").Mark()
            .Mark().Unicode("storage").Global("torch", "FloatStorage").Unicode("0").Unicode("cpu").Int(numel).Op('t').Op('Q')
            .Int(0).Mark();
        foreach (long d in size)
        {
            p.Int(d);
        }

        p.Op('t').Mark();
        foreach (long s in stride)
        {
            p.Int(s);
        }

        return p.Op('t').Op(0x89).Op('}').Op('t').Op('R').Op('.').Bytes;
    }

    private string Pth(byte[] pickle, int storageBytes)
    {
        string path = _dir.File($"{Guid.NewGuid():N}.pth");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using (var s = zip.CreateEntry("archive/data.pkl").Open())
            {
                s.Write(pickle);
            }

            using (var s = zip.CreateEntry("archive/data/0").Open())
            {
                s.Write(new byte[storageBytes]);
            }
        }

        return path;
    }

    private ImportException Refused(string path)
    {
        var ex = Assert.Throws<ImportException>(() => CheckpointImporter.Convert(path, _dir.File("out.maew")));
        Assert.Contains(path, ex.Summary, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("out.maew")));
        return ex;
    }
}
