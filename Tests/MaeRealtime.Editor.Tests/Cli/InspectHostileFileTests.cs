using System.Buffers.Binary;
using System.Security.Cryptography;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Tests.Cli;

/// <summary>`mae inspect` on weight files whose config integers would overflow the cost formulas: exit 1, never 2.</summary>
public sealed class InspectHostileFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(2, int.MaxValue, "EmbedDim")]
    [InlineData(0, int.MaxValue, "ImageSize")]
    [InlineData(3, 1_000_000, "Depth")]
    [InlineData(6, int.MaxValue, "DecoderDepth")]
    public void HugeConfigIntegers_AreARefusal(int word, int value, string field)
    {
        string path = _dir.File("m.maew");
        RandomWeights.Write(path, MaeConfigPresets.Get("tiny"), seed: 1);
        byte[] bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(WeightFileFormat.PreambleBytes + (word * 4)), value);
        SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32), bytes.AsSpan(bytes.Length - 32));
        File.WriteAllBytes(path, bytes);

        var (code, stdout, stderr) = CliHarness.Run("inspect", path);

        Assert.True(code == 1, $"exit {code}: {stderr}");
        Assert.Contains("loads: NO", stdout, StringComparison.Ordinal);
        Assert.Contains(field, stderr, StringComparison.Ordinal);
    }
}
