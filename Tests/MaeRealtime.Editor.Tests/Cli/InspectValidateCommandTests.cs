using System.Text.Json;
using MaeRealtime.Editor.Inspect;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Tests.Cli;

/// <summary><c>mae inspect</c> and <c>mae validate</c> on a good file and on damaged ones (validate runs a forward on lavapipe).</summary>
public sealed class InspectValidateCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _model;

    public InspectValidateCommandTests()
    {
        _model = _dir.File("tiny.maew");
        RandomWeights.Write(_model, MaeConfigPresets.Get("tiny"), seed: 3);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Inspect_ShowsConfigTensorsChecksumFlopsAndMemory()
    {
        var (code, stdout, stderr) = CliHarness.Run("inspect", _model, "--tiles", "4");

        Assert.True(code == 0, stderr);
        var config = MaeConfigPresets.Get("tiny");
        Assert.Contains("config: 32 px tiles, patch 8 (16 patches), encoder 48 x 2 blocks (3 heads), decoder 32 x 1 blocks (2 heads)", stdout);
        Assert.Contains("tensors: 50", stdout);
        Assert.Matches(@"blocks\.1\.mlp\.fc1\.weight\s+fp32\s+\[192, 48\]\s+36,864", stdout);
        Assert.Contains("checksum: ok (SHA-256 ", stdout);
        Assert.Contains($"parameters: {ModelCost.ParameterCount(config):N0} ", stdout);
        Assert.Contains("(12 of 16 patches visible", stdout);
        Assert.Contains("GPU memory for 4 tiles:", stdout);
        Assert.EndsWith("loads: yes\n", stdout);
    }

    [Fact]
    public void InspectJson_CarriesTheSameNumbers()
    {
        var (code, stdout, _) = CliHarness.Run("inspect", _model, "--json", "--tiles", "2");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        var config = MaeConfigPresets.Get("tiny");
        Assert.Equal(50, root.GetProperty("tensors").GetArrayLength());
        Assert.True(root.GetProperty("checksum").GetProperty("ok").GetBoolean());
        Assert.Equal(ModelCost.FlopsPerTile(config), root.GetProperty("flopsPerTileAt25PercentHoles").GetDouble());
        Assert.Equal(Runtime.Inference.MaeForward.ArenaBytes(config, 2), root.GetProperty("gpuMemory").GetProperty("activationBytes").GetInt64());
        Assert.True(root.GetProperty("loads").GetBoolean());
    }

    [Fact]
    public void FlopsFormula_CountsEncoderOnVisibleAndDecoderOnAllTokens()
    {
        // One encoder block and no decoder blocks: every term can be written out by hand.
        var c = new MaeConfig { ImageSize = 16, PatchSize = 8, EmbedDim = 8, Depth = 1, NumHeads = 2, DecoderEmbedDim = 4, DecoderDepth = 0, DecoderNumHeads = 1 };
        // L = 4 patches, 25% holes -> 3 visible, T = 4 tokens, Td = 5, P = 192, hidden 32.
        double expected = (2.0 * 4 * 192 * 8)                                  // patch embed (the runtime embeds the cls row too)
            + ((2.0 * 4 * ((4 * 8 * 8) + (2 * 8 * 32))) + (4.0 * 4 * 4 * 8))  // encoder block
            + (2.0 * 4 * 8 * 4)                                                // decoder embed
            + (2.0 * 5 * 4 * 192);                                             // prediction
        Assert.Equal(expected, ModelCost.FlopsPerTile(c));
    }

    [Fact]
    public void FlopsFormula_MaskedQueries_CountsOnlyTheQueriesThroughTheDecoder()
    {
        // 2 context patches, 1 masked patch (query): T = 3 encoder rows, Q = 1; one decoder block of width 4, hidden 16.
        var c = new MaeConfig { ImageSize = 16, PatchSize = 8, EmbedDim = 8, Depth = 1, NumHeads = 2, DecoderEmbedDim = 4, DecoderDepth = 1, DecoderNumHeads = 1, Decoder = DecoderKind.MaskedQueries };
        double expected = (2.0 * 3 * 192 * 8)                                  // patch embed
            + ((2.0 * 3 * ((4 * 8 * 8) + (2 * 8 * 32))) + (4.0 * 3 * 3 * 8))  // encoder block
            + (2.0 * 3 * 8 * 4)                                                // decoder embed
            + (2.0 * 3 * 4 * 8)                                                // k, v of the 3 encoder rows
            + (2.0 * 1 * ((4 * 4 * 4) + (2 * 4 * 16)))                         // the query's qkv, proj, fc1, fc2
            + (4.0 * 1 * (3 + 1) * 4)                                          // its attention over 3 + 1 keys
            + (2.0 * 1 * 4 * 192);                                             // prediction
        Assert.Equal(expected, ModelCost.FlopsPerTile(c, context: 2, queries: 1));
    }

    [Fact]
    public void ActivationTraffic_MaskedQueries_CountsEachTensorByItsPrecision()
    {
        // The masked-queries config above: T = 3 encoder rows (width 8, hidden 32), Q = 1 query (width 4, hidden 16), P = 192.
        var c = new MaeConfig { ImageSize = 16, PatchSize = 8, EmbedDim = 8, Depth = 1, NumHeads = 2, DecoderEmbedDim = 4, DecoderDepth = 1, DecoderNumHeads = 1, Decoder = DecoderKind.MaskedQueries };
        double fp32Values = (3.0 * ((2 * 192) + (3 * 8) + (10 * 8) + (3 * 8) + 4)) // encoder rows: patches, embedding, residual stream, final norm, decoder embed
            + (3.0 * ((2 * 4) + (3 * 4)))                                             // key rows: position, their LayerNorm
            + (1.0 * (4 + (10 * 4) + (3 * 4) + (2 * 192)));                           // the query: token, residual stream, final norm, prediction
        double transientValues = (3.0 * (((12 * 8) + (2 * 32)) + 8 + 8))            // encoder rows: block, final norm out, decoder embed in
            + (3.0 * 6 * 4)                                                           // key rows: norm out, k and v written and read
            + (1.0 * (((12 * 4) + (2 * 16)) + 4 + 4));                                // the query: block, final norm out, prediction in
        Assert.Equal((4 * fp32Values) + (4 * transientValues), ModelCost.ActivationBytesPerTile(c, context: 2, queries: 1, halfActivations: false));
        Assert.Equal((4 * fp32Values) + (2 * transientValues), ModelCost.ActivationBytesPerTile(c, context: 2, queries: 1, halfActivations: true));
    }

    [Fact]
    public void CorruptFile_IsShownWithItsChecksumMismatch_AndExitsOne()
    {
        byte[] bytes = File.ReadAllBytes(_model);
        bytes[^100] ^= 0xFF; // a flipped byte in the last tensor
        string bad = _dir.File("flipped.maew");
        File.WriteAllBytes(bad, bytes);

        var (code, stdout, stderr) = CliHarness.Run("inspect", bad);
        Assert.Equal(1, code);
        Assert.Contains("checksum: MISMATCH", stdout);
        Assert.Contains("loads: NO", stdout);
        var line = Assert.Single(CliHarness.Lines(stderr));
        Assert.StartsWith($"mae: error: Weight file '{bad}': checksum mismatch", line);

        var (vcode, vout, verr) = CliHarness.Run("validate", bad);
        Assert.Equal(1, vcode);
        Assert.Equal(string.Empty, vout);
        Assert.StartsWith($"mae: error: Weight file '{bad}': checksum mismatch", Assert.Single(CliHarness.Lines(verr)));
    }

    [Fact]
    public void DamagedConfigBlock_IsShownAsStored_WithoutCosts()
    {
        byte[] bytes = File.ReadAllBytes(_model);
        BitConverter.GetBytes(0).CopyTo(bytes, 28); // patch size 0
        string bad = _dir.File("patch0.maew");
        File.WriteAllBytes(bad, bytes);

        var (code, stdout, stderr) = CliHarness.Run("inspect", bad);
        Assert.Equal(1, code);
        Assert.Contains("config: 32 px tiles, patch 0, encoder 48", stdout);
        Assert.Contains("parameters, FLOPs, GPU memory: not computed (the config block is invalid)", stdout);
        Assert.Contains("checksum: MISMATCH", stdout);
        Assert.Single(CliHarness.Lines(stderr));

        var (jsonCode, json, _) = CliHarness.Run("inspect", bad, "--json");
        Assert.Equal(1, jsonCode);
        using var doc = JsonDocument.Parse(json);
        Assert.False(doc.RootElement.GetProperty("loads").GetBoolean());
    }

    [Theory]
    [InlineData("short", "truncated")]
    [InlineData("zip", "not a MaeRealtime weight file")]
    [InlineData("header-only", "truncated")]
    public void Garbage_IsOneLine(string kind, string expected)
    {
        byte[] content = kind switch
        {
            "short" => [1, 2, 3],
            "zip" => [(byte)'P', (byte)'K', 3, 4, .. new byte[200]],
            _ => File.ReadAllBytes(_model)[..300],
        };
        string bad = _dir.File("garbage.maew");
        File.WriteAllBytes(bad, content);
        foreach (string verb in new[] { "inspect", "validate" })
        {
            var (code, _, stderr) = CliHarness.Run(verb, bad);
            Assert.Equal(1, code);
            Assert.Contains(expected, Assert.Single(CliHarness.Lines(stderr)));
        }
    }

    [Fact]
    public void Validate_RunsOneTileOnVulkan()
    {
        var (code, stdout, stderr) = CliHarness.Run("validate", _model, "--validation");
        Assert.True(code == 0, stderr);
        Assert.StartsWith($"ok: {_model} loads (32 px tiles", stdout);
        Assert.Contains("(4 of 16 patches masked) ran on", stdout);
        Assert.Contains("with finite output", stdout);
    }

    [Fact]
    public void Validate_RefusesNaNWeights_NamingTheTensor()
    {
        var config = MaeConfigPresets.Get("tiny");
        var tensors = RandomWeights.Create(config, seed: 4).Select(t => t.Name == "decoder_pred.bias"
            ? WeightTensor.FromFloats(t.Name, t.Shape, Enumerable.Repeat(float.NaN, 192).ToArray())
            : t);
        string bad = _dir.File("nan.maew");
        WeightFileWriter.Write(bad, config, tensors);

        var (code, _, stderr) = CliHarness.Run("validate", bad);
        Assert.Equal(1, code);
        Assert.Equal([$"mae: error: Weight file '{bad}': tensor 'decoder_pred.bias' holds 192 NaN/Inf value(s); the model cannot produce a fill."], CliHarness.Lines(stderr));
    }
}
