using MaeRealtime.Editor.Import;
using MaeRealtime.Runtime.Model;
using static TorchSharp.torch;

namespace MaeRealtime.Editor.Tests.Import;

/// <summary>What the importer refuses, with which words, and that a refusal writes nothing.</summary>
public sealed class ImportRefusalTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void EncoderOnlyCheckpoint_IsRefused_NamingTheFilesThatCarryTheDecoder()
    {
        using var model = ReferenceCheckpointFiles.CreateModel(ReferenceCheckpointFiles.Tiny, seed: 1);
        string pth = _dir.File("mae_pretrain_vit_base.pth");
        ReferenceCheckpointFiles.WritePth(pth, model, keep: name => !name.StartsWith("decoder_", StringComparison.Ordinal) && name != "mask_token");

        var ex = Refused(pth);

        Assert.Contains("holds only the encoder", ex.Summary, StringComparison.Ordinal);
        Assert.Contains("mae_visualize_vit_", ex.Summary, StringComparison.Ordinal);
        Assert.Contains("mae_pretrain_vit_{base,large,huge}_full.pth", ex.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void LegacyPth_IsRefused_WithTheResaveRecipe()
    {
        string pth = _dir.File("old.pth");
        ReferenceCheckpointFiles.WriteLegacyPth(pth);

        var ex = Refused(pth);

        Assert.Contains("legacy (non-zip) PyTorch file", ex.Summary, StringComparison.Ordinal);
        Assert.Contains("_use_new_zipfile_serialization=True", ex.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongShapesMissingAndUnknownKeys_AreListedOnePerLine()
    {
        using var model = ReferenceCheckpointFiles.CreateModel(ReferenceCheckpointFiles.Tiny, seed: 2);
        string pth = _dir.File("broken.pth");
        var extra = new Dictionary<string, Tensor>
        {
            ["blocks.0.attn.proj.weight"] = zeros(48, 47),  // wrong shape (replaces the real one)
            ["head.weight"] = zeros(1000, 48),              // a classifier head: not part of the MAE
            ["fc_norm.bias"] = zeros(48),
        };
        ReferenceCheckpointFiles.WritePth(pth, model, keep: name => name != "decoder_norm.bias", extra: extra);

        var ex = Refused(pth);

        Assert.Equal(
            [
                "missing tensor 'decoder_norm.bias' [32]",
                "wrong shape: tensor 'blocks.0.attn.proj.weight' expected [48, 48], found [48, 47]",
                "unknown tensor 'fc_norm.bias' [48] (not part of the MAE)",
                "unknown tensor 'head.weight' [1000, 48] (not part of the MAE)",
            ],
            ex.Problems);
        Assert.Contains("4 problem(s)", ex.Summary, StringComparison.Ordinal);
        Assert.Equal(ex.Problems.Count + 1, ex.Message.Split('\n').Length);
    }

    [Fact]
    public void UnknownWidth_NeedsHeads_AndInvalidHeadsAreNamed()
    {
        var config = ReferenceCheckpointFiles.Tiny with { EmbedDim = 40, NumHeads = 5 };
        using var model = ReferenceCheckpointFiles.CreateModel(config, seed: 3);
        string pth = _dir.File("odd.pth");
        ReferenceCheckpointFiles.WritePth(pth, model);

        var ex = Refused(pth);
        Assert.Equal(["encoder width 40 is not a known model family: pass --heads N (N divides 40)"], ex.Problems);

        var bad = Assert.Throws<ImportException>(() => CheckpointImporter.Convert(pth, _dir.File("x.maew"), new ImportOptions { NumHeads = 3 }));
        Assert.Contains("NumHeads", bad.Summary, StringComparison.Ordinal);

        var ok = CheckpointImporter.Convert(pth, _dir.File("ok.maew"), new ImportOptions { NumHeads = 5 });
        Assert.Equal(5, ok.Config.NumHeads);
    }

    [Fact]
    public void NonFiniteWeights_AreRefused()
    {
        using var model = ReferenceCheckpointFiles.CreateModel(ReferenceCheckpointFiles.Tiny, seed: 4);
        string pth = _dir.File("nan.pth");
        var nan = full(new long[] { 32 }, float.NaN);
        ReferenceCheckpointFiles.WritePth(pth, model, keep: name => name != "decoder_norm.weight", extra: new Dictionary<string, Tensor> { ["decoder_norm.weight"] = nan });

        var ex = Refused(pth);
        Assert.Equal(["tensor 'decoder_norm.weight' holds 32 NaN/Inf value(s)"], ex.Problems);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("empty")]
    [InlineData("text")]
    [InlineData("weights")]
    [InlineData("truncated-safetensors")]
    public void UnreadableSources_AreRefusedWithOneLine(string kind)
    {
        string path = _dir.File($"{kind}.bin");
        string expected = kind switch
        {
            "missing" => "file not found",
            "empty" => "the file is empty",
            "text" => "unknown format",
            "weights" => "already a MaeRealtime weight file",
            _ => "outside the data section",
        };
        switch (kind)
        {
            case "empty":
                File.WriteAllBytes(path, []);
                break;
            case "text":
                File.WriteAllText(path, "hello, this is not a checkpoint");
                break;
            case "weights":
                RandomWeights.Write(path, ReferenceCheckpointFiles.Tiny, seed: 1);
                break;
            case "truncated-safetensors":
                using (var model = ReferenceCheckpointFiles.CreateModel(ReferenceCheckpointFiles.Tiny, seed: 5))
                {
                    ReferenceCheckpointFiles.WriteSafetensors(path, model);
                }

                byte[] bytes = File.ReadAllBytes(path);
                File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
                break;
        }

        var ex = Refused(path);
        Assert.Contains(expected, ex.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Summary);
    }

    /// <summary>Converts expecting a refusal; checks that no output (nor a temp file) was left behind.</summary>
    private ImportException Refused(string source)
    {
        string output = _dir.File("out.maew");
        var before = _dir.Entries();
        var ex = Assert.Throws<ImportException>(() => CheckpointImporter.Convert(source, output));
        Assert.False(File.Exists(output));
        Assert.Equal(before, _dir.Entries());
        return ex;
    }
}
