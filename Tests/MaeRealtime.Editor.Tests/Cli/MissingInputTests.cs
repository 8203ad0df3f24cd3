using MaeRealtime.Editor.Imaging;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Tests.Cli;

/// <summary>Every new command: a missing or unreadable input is exit code 1, one line naming it, and no output file.</summary>
public sealed class MissingInputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("convert", "Checkpoint '{missing}': file not found.")]
    [InlineData("inspect", "Weight file '{missing}' does not exist.")]
    [InlineData("validate", "Weight file '{missing}' does not exist.")]
    [InlineData("preview-model", "Model file '{missing}' does not exist.")]
    [InlineData("preview-image", "Cannot read image '{missing}': file not found.")]
    [InlineData("preview-mask", "Cannot read mask '{missing}': file not found.")]
    [InlineData("preview-jpeg-garbage", "Cannot read image '{garbage}': not a PNG or JPEG image.")]
    public void MissingInput_IsOneLine_AndNoOutput(string what, string message)
    {
        string missing = _dir.File("missing.file"), garbage = _dir.File("garbage.jpg"), output = _dir.File("out.bin");
        File.WriteAllText(garbage, "not an image");
        string model = _dir.File("m.maew"), image = _dir.File("i.png"), mask = _dir.File("k.png");
        RandomWeights.Write(model, MaeConfigPresets.Get("tiny"), seed: 1);
        new RgbImage(32, 32).SaveAsPng(image);
        new HoleMask(32, 32, new bool[32 * 32]).SaveAsPng(mask);
        string[] args = what switch
        {
            "convert" => ["convert", "--from", missing, "--out", output],
            "inspect" => ["inspect", missing],
            "validate" => ["validate", missing],
            "preview-model" => ["preview", "--image", image, "--mask", mask, "--model", missing, "--out", output],
            "preview-image" => ["preview", "--image", missing, "--mask", mask, "--model", model, "--out", output],
            "preview-mask" => ["preview", "--image", image, "--mask", missing, "--model", model, "--out", output],
            _ => ["preview", "--image", garbage, "--mask", mask, "--model", model, "--out", output],
        };

        var (code, stdout, stderr) = CliHarness.Run(args);

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal([$"mae: error: {message.Replace("{missing}", missing).Replace("{garbage}", garbage)}"], CliHarness.Lines(stderr));
        Assert.False(File.Exists(output));
        Assert.DoesNotContain(_dir.Entries(), e => e.EndsWith(".tmp", StringComparison.Ordinal));
    }
}
