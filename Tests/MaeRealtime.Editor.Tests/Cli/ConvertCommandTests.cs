using MaeRealtime.Editor.Tests.Import;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Tests.Cli;

/// <summary><c>mae convert</c>: what it prints for a good checkpoint, and one reason line (then the problems) for a refused one.</summary>
public sealed class ConvertCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Convert_PrintsTheInferredConfigAndFlags()
    {
        using var model = ReferenceCheckpointFiles.CreateModel(ReferenceCheckpointFiles.Tiny, seed: 1);
        string pth = _dir.File("mae_pretrain_vit_base_full.pth");
        ReferenceCheckpointFiles.WritePth(pth, model);
        string output = _dir.File("out.maew");

        var (code, stdout, stderr) = CliHarness.Run("convert", "--from", pth, "--out", output, "--fp16", "--fill", "residual");

        Assert.True(code == 0, stderr);
        Assert.Contains("32 px tiles, patch 8 (16 patches), encoder 48 x 2 blocks (3 heads), decoder 32 x 1 blocks (2 heads)", stdout);
        Assert.Contains("matrices Float16", stdout);
        Assert.Contains("pixel target: per-patch normalized pixels (norm-pix) (by file name", stdout);
        Assert.Contains("Flagged:\n  norm-pix:", stdout);
        var file = WeightFile.Load(output);
        Assert.Equal(HoleFill.ResidualPushPull, file.Config.Fill);
        Assert.Equal(PixelTarget.PerPatchNormalized, file.Config.Target);

        var (rawCode, rawOut, _) = CliHarness.Run("convert", "--from", pth, "--out", output, "--raw-pix", "--heads", "3", "--decoder-heads", "2");
        Assert.Equal(0, rawCode);
        Assert.Contains("Flagged: nothing.", rawOut);
        Assert.Contains("encoder heads: 3 (as given with --heads)", rawOut);
        Assert.Equal(PixelTarget.Normalized, WeightFile.Load(output).Config.Target);
    }

    [Fact]
    public void Refusal_PrintsOneReasonLine_ThenEachProblem_AndWritesNothing()
    {
        using var model = ReferenceCheckpointFiles.CreateModel(ReferenceCheckpointFiles.Tiny, seed: 2);
        string pth = _dir.File("m.pth");
        ReferenceCheckpointFiles.WritePth(pth, model, keep: n => n is not ("mask_token" or "norm.bias"));
        string output = _dir.File("out.maew");

        var (code, stdout, stderr) = CliHarness.Run("convert", "--from", pth, "--out", output);

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal(
            [
                $"mae: error: Checkpoint '{pth}': does not fit the reference MAE layout of the inferred config (2 problem(s)):",
                "  missing tensor 'norm.bias' [48]",
                "  missing tensor 'mask_token' [1, 1, 32]",
            ],
            CliHarness.Lines(stderr));
        Assert.Equal(["m.pth"], _dir.Entries());
    }

    [Fact]
    public void BothPixelTargets_IsAUsageError()
    {
        var (code, _, stderr) = CliHarness.Run("convert", "--from", "x.pth", "--out", _dir.File("y.maew"), "--norm-pix", "--raw-pix");
        Assert.Equal(1, code);
        Assert.Equal(["mae: error: Give --norm-pix or --raw-pix, not both."], CliHarness.Lines(stderr));
    }
}
