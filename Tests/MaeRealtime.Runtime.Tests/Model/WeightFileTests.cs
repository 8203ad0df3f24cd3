using System.Buffers.Binary;
using System.Security.Cryptography;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Tests.Support;

namespace MaeRealtime.Runtime.Tests.Model;

public sealed class WeightFileTests : IDisposable
{
    private static readonly MaeConfig Config = new() { ImageSize = 32, PatchSize = 8, EmbedDim = 48, Depth = 2, NumHeads = 3, DecoderEmbedDim = 32, DecoderDepth = 1, DecoderNumHeads = 2 };
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void RoundTrip_KeepsConfigAndEveryTensor()
    {
        string path = TestWeights.WriteRandom(Config, 1, _dir.Path);
        var file = WeightFile.Load(path);
        Assert.Equal(Config.EmbedDim, file.Config.EmbedDim);
        Assert.Equal(Config.DecoderNumHeads, file.Config.DecoderNumHeads);
        Assert.Equal(Config.Mean, file.Config.Mean);
        Assert.Equal(MaeTensorLayout.Expected(Config).Select(t => t.Name), file.Entries.Select(e => e.Name));
        Assert.All(file.Entries, e => Assert.Equal(0, e.Offset % WeightFileFormat.Alignment));
        Assert.Equal(TensorDType.Float32, file.MatrixDType);
        Assert.Equal(Config.EmbedDim * Config.PatchValues, file.ReadFloats("patch_embed.proj.weight").Length);
    }

    [Fact]
    public void Fp16File_StoresOnlyMatricesAsHalf()
    {
        var file = WeightFile.Load(TestWeights.WriteRandom(Config, 1, _dir.Path, TensorDType.Float16));
        Assert.All(file.Entries, e => Assert.Equal(e.IsMatrix ? TensorDType.Float16 : TensorDType.Float32, e.DType));
    }

    [Fact]
    public void Truncated_NamesLengths()
    {
        var bytes = Valid();
        var ex = Load(bytes[..^100]);
        Assert.Contains("truncated", ex.Message);
        Assert.Contains($"found {bytes.Length - 100}", ex.Message);
        Assert.Contains("truncated", Load(bytes[..10]).Message);
    }

    [Fact]
    public void WrongMagic_SaysNotAWeightFile()
    {
        var bytes = Valid();
        "PK\u0003\u0004xxxx"u8.CopyTo(bytes);
        var ex = Load(bytes);
        Assert.Contains("wrong magic", ex.Message);
        Assert.Contains("MAERTWGT", ex.Message);
    }

    [Fact]
    public void NewerVersion_AsksToUpdate()
    {
        var bytes = Valid();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), WeightFileFormat.Version + 1);
        var ex = Load(Resign(bytes));
        Assert.Contains($"version {WeightFileFormat.Version + 1} is newer", ex.Message);
    }

    [Fact]
    public void Version1File_LoadsWithTheFullDecoderAndEveryVisiblePatch()
    {
        // A v1 file is a v2 file without the decoder kind and context radius words at 100..107 (zero padding keeps
        // the header length); the tensor table moves up by 8 bytes.
        var v2 = Valid();
        var v1 = (byte[])v2.Clone();
        int tableAt = WeightFileFormat.PreambleBytes + WeightFileConfigBlock.Bytes(2);
        int headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(v2.AsSpan(12));
        v2.AsSpan(tableAt, headerLength - tableAt).CopyTo(v1.AsSpan(tableAt - 8));
        v1.AsSpan(headerLength - 8, 8).Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(v1.AsSpan(8), 1);
        string path = _dir.File("v1.maew");
        File.WriteAllBytes(path, Resign(v1));

        var file = WeightFile.Load(path);
        Assert.Equal(DecoderKind.Full, file.Config.Decoder);
        Assert.Equal(0, file.Config.ContextRadius);
        Assert.Equal(WeightFile.Load(TestWeights.WriteRandom(Config, 3, _dir.Path)).Entries.Select(e => (e.Name, e.Offset)), file.Entries.Select(e => (e.Name, e.Offset)));
    }

    [Fact]
    public void Version2Fields_RoundTrip()
    {
        var config = Config with { Decoder = DecoderKind.MaskedQueries, ContextRadius = 2 };
        var file = WeightFile.Load(TestWeights.WriteRandom(config, 1, _dir.Path));
        Assert.Equal(DecoderKind.MaskedQueries, file.Config.Decoder);
        Assert.Equal(2, file.Config.ContextRadius);
    }

    [Theory]
    [InlineData(19, 7, "Decoder")] // an unknown decoder kind
    [InlineData(20, -1, "ContextRadius")]
    [InlineData(20, 5, "ContextRadius")] // more than the 4-patch grid of a 32 px tile
    public void Version2Fields_OutOfRange_NameTheField(int word, int value, string field)
    {
        var bytes = Valid();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(WeightFileFormat.PreambleBytes + (word * 4)), value);
        var ex = Load(Resign(bytes));
        Assert.Contains(field, ex.Message);
        Assert.Contains($"found {value}", ex.Message);
    }

    [Fact]
    public void MaskedQueriesDecoder_WithMostlyHolePolicy_IsRefused()
    {
        var config = Config with { Decoder = DecoderKind.MaskedQueries, Masking = MaskPolicy.MostlyHole };
        var ex = Assert.Throws<ArgumentException>(config.Validate);
        Assert.Contains("Decoder", ex.Message);
        Assert.Contains("MostlyHole", ex.Message);
    }

    [Fact]
    public void ChecksumMismatch_WhenDataIsCorrupted()
    {
        var bytes = Valid();
        bytes[bytes.Length - 40] ^= 0x55;
        Assert.Contains("checksum mismatch", Load(bytes).Message);
    }

    [Fact]
    public void ShapeMismatch_NamesTensorExpectedAndFound()
    {
        var bytes = Valid();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(24 + 8), 96); // EmbedDim 48 -> 96 in the config block
        var ex = Load(Resign(bytes));
        Assert.Contains("'cls_token'", ex.Message);
        Assert.Contains("expected shape [1, 1, 96], found [1, 1, 48]", ex.Message);
    }

    [Fact]
    public void MissingTensor_IsNamed()
    {
        var bytes = Valid();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(24 + 12), 3); // Depth 2 -> 3: blocks.2.* are absent
        var ex = Load(Resign(bytes));
        Assert.Contains("expected 62 tensors for this config (3 encoder and 1 decoder blocks), found a tensor count of 50", ex.Message);
    }

    [Theory]
    [InlineData(0, int.MaxValue, "ImageSize")]
    [InlineData(0, int.MinValue, "ImageSize")]
    [InlineData(1, 0, "PatchSize")]
    [InlineData(1, int.MaxValue, "PatchSize")]
    [InlineData(2, int.MaxValue, "EmbedDim")]
    [InlineData(3, int.MaxValue, "Depth")] // must be refused before a tensor list of 12 x 2^31 entries is built
    [InlineData(3, 129, "Depth")]
    [InlineData(6, -1, "DecoderDepth")]
    [InlineData(5, 1 << 30, "DecoderEmbedDim")]
    [InlineData(7, int.MinValue, "DecoderNumHeads")]
    public void HostileConfigIntegers_AreRefusedByTheBounds(int word, int value, string field)
    {
        var bytes = Valid();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(WeightFileFormat.PreambleBytes + (word * 4)), value);
        var ex = Load(Resign(bytes));
        Assert.Contains($"'{field}'", ex.Message);
        Assert.Contains($"found {value}", ex.Message);
    }

    [Theory]
    [InlineData(8, float.NaN, "MlpRatio")]
    [InlineData(8, 1e30f, "MlpRatio")]
    [InlineData(9, float.PositiveInfinity, "LayerNormEps")]
    [InlineData(10, float.PositiveInfinity, "Mean")]
    [InlineData(11, float.NegativeInfinity, "Mean")]
    [InlineData(12, float.NaN, "Mean")]
    [InlineData(13, 0f, "Std")]
    [InlineData(14, -0.2f, "Std")]
    [InlineData(15, 1e30f, "Std")]
    [InlineData(13, float.PositiveInfinity, "Std")]
    public void NonFiniteOrAbsurdNormalization_IsRefused(int word, float value, string field)
    {
        var bytes = Valid();
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(WeightFileFormat.PreambleBytes + (word * 4)), value);
        var ex = Load(Resign(bytes));
        Assert.Contains($"'{field}'", ex.Message);
        Assert.Contains("expected", ex.Message);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(256L)]
    public void TensorOffsetMovedOntoAnother_IsRefused(long offset)
    {
        var bytes = Valid();
        var fields = TableOffsetFields(bytes);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(fields[5]), (ulong)offset);
        var ex = Load(Resign(bytes));
        Assert.Contains("expected data offset", ex.Message);
        Assert.Contains($"found {offset}", ex.Message);
    }

    [Fact]
    public void TwoTensorsWithSwappedOffsets_AreRefused()
    {
        var bytes = Valid();
        var fields = TableOffsetFields(bytes);
        ulong a = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(fields[3]));
        ulong b = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(fields[4]));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(fields[3]), b);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(fields[4]), a);
        var ex = Load(Resign(bytes));
        Assert.Contains("'patch_embed.proj.bias': expected data offset", ex.Message);
    }

    [Fact]
    public void NonZeroHeaderPadding_IsRefused()
    {
        var bytes = Valid();
        int headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        bytes[headerLength - 1] = 0x41;
        var ex = Load(Resign(bytes));
        Assert.Contains("the padding after the tensor table", ex.Message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void NonFiniteWeight_IsRefused_NamingTheTensor(float value)
    {
        var bytes = Valid();
        var file = WeightFile.Parse("probe", (byte[])bytes.Clone());
        int headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        var entry = file["norm.weight"];
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(headerLength + (int)entry.Offset + 8), value);
        var ex = Load(Resign(bytes));
        Assert.Contains("tensor 'norm.weight' holds 1 NaN/Inf value(s)", ex.Message);
    }

    [Fact]
    public void InfinityInAnFp16Matrix_IsRefused()
    {
        var bytes = File.ReadAllBytes(TestWeights.WriteRandom(Config, 3, _dir.Path, TensorDType.Float16));
        var entry = WeightFile.Parse("probe", (byte[])bytes.Clone())["decoder_pred.weight"];
        int headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(headerLength + (int)entry.Offset), 0x7C00); // +Inf in fp16
        var ex = Load(Resign(bytes));
        Assert.Contains("tensor 'decoder_pred.weight' holds 1 NaN/Inf value(s)", ex.Message);
    }

    [Fact]
    public void HugeDataLength_IsALengthMismatch()
    {
        var bytes = Valid();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), ulong.MaxValue);
        Assert.Contains("length mismatch", Load(bytes).Message);
    }

    [Fact]
    public void InvalidConfig_NamesTheField()
    {
        var bytes = Valid();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(24 + 16), 5); // NumHeads 5 does not divide 48
        Assert.Contains("NumHeads", Load(Resign(bytes)).Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad\0name.maew")]
    public void InvalidPath_IsAWeightFileException(string path) =>
        Assert.Throws<WeightFileException>(() => WeightFile.Load(path));

    [Fact]
    public void MissingFile_NamesThePath()
    {
        string path = _dir.File("absent.maew");
        var ex = Assert.Throws<WeightFileException>(() => WeightFile.Load(path));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void Writer_RejectsWrongShape_AndLeavesNoFile()
    {
        var tensors = MaeTensorLayout.Expected(Config)
            .Select(s => WeightTensor.FromFloats(s.Name, s.Name == "norm.bias" ? [7] : s.Shape, new float[s.Name == "norm.bias" ? 7 : s.ElementCount]))
            .ToList();
        string path = _dir.File("bad.maew");
        var ex = Assert.Throws<WeightFileException>(() => WeightFileWriter.Write(path, Config, tensors));
        Assert.Contains("'norm.bias': expected shape [48], found [7]", ex.Message);
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void Writer_ReplacesAtomically_LeavingNoTempFiles()
    {
        string path = TestWeights.WriteRandom(Config, 1, _dir.Path);
        TestWeights.WriteRandom(Config, 1, _dir.Path);
        Assert.Equal([path], Directory.GetFiles(_dir.Path));
    }

    private byte[] Valid() => File.ReadAllBytes(TestWeights.WriteRandom(Config, 3, _dir.Path));

    private WeightFileException Load(byte[] bytes)
    {
        string path = _dir.File("case.maew");
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<WeightFileException>(() => WeightFile.Load(path));
        Assert.Contains(path, ex.Message);
        return ex;
    }

    /// <summary>The byte positions of each tensor table entry's u64 offset field, in table order.</summary>
    private static List<int> TableOffsetFields(byte[] bytes)
    {
        int position = WeightFileFormat.PreambleBytes + WeightFileConfigBlock.Bytes(WeightFileFormat.Version);
        int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position));
        position += 4;
        var fields = new List<int>();
        for (int i = 0; i < count; i++)
        {
            position += 2 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(position));
            int rank = bytes[position + 1];
            position += 2 + (rank * 4);
            fields.Add(position);
            position += 16;
        }

        return fields;
    }

    /// <summary>Recomputes the trailing SHA-256 so a deliberately edited header reaches the later checks.</summary>
    private static byte[] Resign(byte[] bytes)
    {
        int end = bytes.Length - WeightFileFormat.ChecksumBytes;
        SHA256.HashData(bytes.AsSpan(0, end), bytes.AsSpan(end));
        return bytes;
    }
}
