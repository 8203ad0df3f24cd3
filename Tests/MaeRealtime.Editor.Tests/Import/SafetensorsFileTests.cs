using System.Text;
using MaeRealtime.Editor.Import;

namespace MaeRealtime.Editor.Tests.Import;

/// <summary>The safetensors reader on files built byte by byte.</summary>
public sealed class SafetensorsFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Reads_F32_F16_BF16_AndMetadata()
    {
        byte[] f32 = [.. BitConverter.GetBytes(1.5f), .. BitConverter.GetBytes(-2f)];
        byte[] f16 = [.. BitConverter.GetBytes((Half)0.25f), .. BitConverter.GetBytes((Half)(-3f))];
        byte[] bf16 = [0x80, 0x3F, 0x40, 0xC0]; // 1.0 and -3.0: the upper halves of their binary32 words
        string path = Write(
            """{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F16","shape":[1,2],"data_offsets":[8,12]},"c":{"dtype":"BF16","shape":[2],"data_offsets":[12,16]}}""",
            [.. f32, .. f16, .. bf16]);

        var file = SafetensorsFile.Open(path);

        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal(["a", "b", "c"], file.Entries.Select(e => e.Name));
        Assert.Equal([1.5f, -2f], file.ReadFloats(file.Find("a")!));
        Assert.Equal([0.25f, -3f], file.ReadFloats(file.Find("b")!));
        Assert.Equal(new long[] { 1, 2 }, file.Find("b")!.Shape);
        Assert.Equal([1f, -3f], file.ReadFloats(file.Find("c")!));
    }

    [Theory]
    [InlineData("""{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", "expected 12 bytes, data_offsets span 8")]
    [InlineData("""{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", "outside the data section")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2]}}""", "lacks dtype, shape or a [begin, end] data_offsets pair")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]""", "not valid JSON")]
    public void MalformedHeaders_AreNamed(string header, string expected)
    {
        string path = Write(header, new byte[8]);
        var ex = Assert.Throws<ImportException>(() => SafetensorsFile.Open(path));
        Assert.Contains(expected, ex.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedDType_IsNamedWhenRead()
    {
        string path = Write("""{"steps":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}""", new byte[8]);
        var file = SafetensorsFile.Open(path);
        var ex = Assert.Throws<ImportException>(() => file.ReadFloats(file.Find("steps")!));
        Assert.Contains("tensor 'steps' has dtype I64", ex.Summary, StringComparison.Ordinal);
    }

    private string Write(string header, byte[] data)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        string path = _dir.File($"{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, [.. BitConverter.GetBytes((ulong)json.Length), .. json, .. data]);
        return path;
    }
}
