using MaeRealtime.Editor.Cli;
using MaeRealtime.Editor.Imaging;
using MaeRealtime.Editor.Tests.Support;
using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Editor.Tests.Cli;

/// <summary><c>mae train</c> and <c>mae export</c> end to end on a temp folder of generated PNGs with the tiny preset.</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _data;

    public TrainCommandTests()
    {
        _data = Path.Combine(_dir.Path, "photos");
        Directory.CreateDirectory(Path.Combine(_data, "sub"));
        var rng = new Random(3);
        for (int i = 0; i < 4; i++)
        {
            int w = 40 + (8 * i), h = 48;
            var pixels = new float[w * h * 3];
            for (int p = 0; p < pixels.Length; p++)
            {
                pixels[p] = (float)((((p / 3) % w) / (double)w * 0.7) + (rng.NextDouble() * 0.3));
            }

            new RgbImage(w, h, pixels).SaveAsPng(Path.Combine(_data, i % 2 == 0 ? "sub" : ".", $"img{i}.png"));
        }
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TrainsThreeSteps_ThenExportsAWeightFileTheRuntimeLoads()
    {
        string run = Path.Combine(_dir.Path, "run");
        var (code, stdout, stderr) = Run("train", "--data", _data, "--out", run, "--config", "tiny", "--steps", "3", "--batch", "2", "--val-fraction", "0", "--threads", "1", "--log-every", "1");
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("step 3/3", stdout);
        Assert.Contains("Finished step 3/3", stdout);
        Assert.Contains("skipped 0 unreadable", stdout);
        Assert.True(File.Exists(Path.Combine(run, "checkpoint.maeckpt")));
        Assert.True(File.Exists(Path.Combine(run, "split.json")));
        string[] csv = File.ReadAllLines(Path.Combine(run, "train_log.csv"));
        Assert.Equal("step,loss,lr,samples_per_s,elapsed_s", csv[0]);
        Assert.Equal(4, csv.Length);

        string model = Path.Combine(_dir.Path, "model.maew");
        (code, stdout, stderr) = Run("export", "--checkpoint", run, "--out", model);
        Assert.True(code == 0, stderr);
        Assert.Contains("from step 3", stdout);
        var weights = WeightFile.Load(model);
        Assert.Equal(MaeConfigPresets.Get("tiny").EmbedDim, weights.Config.EmbedDim);
        Assert.Equal(TensorDType.Float32, weights.MatrixDType);

        Assert.Equal(HoleFill.Prediction, weights.Config.Fill);

        (code, _, stderr) = Run("export", "--checkpoint", Path.Combine(run, "checkpoint.maeckpt"), "--out", Path.Combine(_dir.Path, "half.maew"), "--fp16", "--fill", "residual-pushpull");
        Assert.True(code == 0, stderr);
        var half = WeightFile.Load(Path.Combine(_dir.Path, "half.maew"));
        Assert.Equal(TensorDType.Float16, half.MatrixDType);
        Assert.Equal(HoleFill.ResidualPushPull, half.Config.Fill);

        (code, _, stderr) = Run("export", "--checkpoint", run, "--out", Path.Combine(_dir.Path, "blend.maew"), "--fill", "residual-pushpull-blend");
        Assert.True(code == 0, stderr);
        Assert.Equal(HoleFill.ResidualPushPullBlend, WeightFile.Load(Path.Combine(_dir.Path, "blend.maew")).Config.Fill);

        (code, _, stderr) = Run("export", "--checkpoint", run, "--out", Path.Combine(_dir.Path, "bad.maew"), "--fill", "telea");
        Assert.Equal(1, code);
        Assert.Contains("--fill telea: expected prediction, residual-pushpull or residual-pushpull-blend.", stderr);
        Assert.False(File.Exists(Path.Combine(_dir.Path, "bad.maew")));
    }

    [Fact]
    public void InpaintMode_WithACorruptImage_SkipsItWithAWarning_AndResumeWithAnotherConfigListsTheFields()
    {
        File.WriteAllBytes(Path.Combine(_data, "broken.jpg"), [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 74, 70, 73, 70, 0, 1, 2, 3]);
        string run = Path.Combine(_dir.Path, "run");
        var (code, stdout, stderr) = Run("train", "--data", _data, "--out", run, "--config", "tiny", "--mode", "inpaint", "--masks", "box,thick", "--steps", "2", "--batch", "2", "--val-fraction", "0", "--threads", "1",
            "--mask-policy", "mostly-hole", "--crop-zoom", "1,1.5");
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("skipped 1 unreadable", stdout);
        Assert.Contains(stderr.Split('\n'), l => l.StartsWith("warning: skipping", StringComparison.Ordinal) && l.Contains("broken.jpg"));

        (code, _, stderr) = Run("train", "--resume", run, "--steps", "4", "--dim", "96", "--heads", "4", "--mask-policy", "any-hole", "--crop-zoom", "1");
        Assert.Equal(1, code);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("mae: error: ", line);
        Assert.Contains("EmbedDim: checkpoint 48, requested 96", line);
        Assert.Contains("NumHeads: checkpoint 3, requested 4", line);
        Assert.Contains("Masking: checkpoint MostlyHole, requested AnyHolePixel", line);

        (code, stdout, stderr) = Run("train", "--resume", run, "--steps", "3", "--threads", "1");
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("Finished step 3/3", stdout);

        string model = Path.Combine(_dir.Path, "model.maew");
        (code, _, stderr) = Run("export", "--checkpoint", run, "--out", model);
        Assert.True(code == 0, stderr);
        Assert.Equal(MaskPolicy.MostlyHole, WeightFile.Load(model).Config.Masking);
    }

    [Fact]
    public void MaskedQueries_TrainsExportsAndResumesOnlyAsSaved_AndStartsFromAFullModel()
    {
        // A full model to start from, as the product's default model is.
        string fullRun = Path.Combine(_dir.Path, "full");
        var (code, stdout, stderr) = Run("train", "--data", _data, "--out", fullRun, "--config", "tiny", "--mode", "inpaint", "--steps", "1", "--batch", "2", "--val-fraction", "0", "--threads", "1");
        Assert.True(code == 0, stderr + stdout);
        string fullModel = Path.Combine(_dir.Path, "full.maew");
        (code, _, stderr) = Run("export", "--checkpoint", fullRun, "--out", fullModel);
        Assert.True(code == 0, stderr);

        string run = Path.Combine(_dir.Path, "mq");
        (code, stdout, stderr) = Run("train", "--data", _data, "--out", run, "--config", "tiny", "--mode", "inpaint", "--init", fullModel, "--decoder", "masked-queries", "--context-radius", "2", "--context-radii", "1,2",
            "--steps", "2", "--batch", "2", "--val-fraction", "0", "--threads", "1", "--log-every", "1");
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("decoder kind MaskedQueries, context radius 2 (training draws 1,2)", stdout);
        Assert.Contains("Finished step 2/2", stdout);

        string model = Path.Combine(_dir.Path, "mq.maew");
        (code, stdout, stderr) = Run("export", "--checkpoint", run, "--out", model);
        Assert.True(code == 0, stderr);
        Assert.Contains("decoder kind MaskedQueries, context radius 2", stdout);
        var weights = WeightFile.Load(model);
        Assert.Equal(DecoderKind.MaskedQueries, weights.Config.Decoder);
        Assert.Equal(2, weights.Config.ContextRadius);

        (code, _, stderr) = Run("train", "--resume", run, "--steps", "3", "--decoder", "full", "--context-radius", "0");
        Assert.Equal(1, code);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Decoder: checkpoint MaskedQueries, requested Full", line);
        Assert.Contains("ContextRadius: checkpoint 2, requested 0", line);

        (code, _, stderr) = Run("train", "--resume", run, "--steps", "3", "--context-radii", "3");
        Assert.Equal(1, code);
        Assert.Contains("context-radii: checkpoint 1,2, requested 3", stderr);

        (code, stdout, stderr) = Run("train", "--resume", run, "--steps", "3", "--threads", "1");
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("Finished step 3/3", stdout);
    }

    [Fact]
    public void EmptyFolder_IsOneErrorLineNamingIt()
    {
        string empty = Path.Combine(_dir.Path, "empty");
        Directory.CreateDirectory(empty);
        var (code, _, stderr) = Run("train", "--data", empty, "--out", Path.Combine(_dir.Path, "r"), "--config", "tiny", "--steps", "1");
        Assert.Equal(1, code);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(empty, line);
        Assert.Contains("no PNG or JPEG", line);
    }

    [CpuLibTorchFact]
    public void DeviceCuda_WithTheCpuLibTorch_IsOneErrorLine() => BadOptions_AreOneErrorLine("--device", "cuda", "MaeTorchBackend=cuda");

    [Theory]
    [InlineData("--mode", "finetune", "expected pretrain or inpaint")]
    [InlineData("--batch", "0", "batch: expected >= 1")]
    [InlineData("--masks", "zigzag", "zigzag")]
    [InlineData("--crop-zoom", "2,1", "--crop-zoom: Crop zoom range: expected 0 < min <= max, found 2..1")]
    [InlineData("--crop-zoom", "wide", "--crop-zoom: Crop zoom 'wide': expected MIN,MAX")]
    [InlineData("--mask-policy", "some", "--mask-policy some: expected any-hole or mostly-hole")]
    [InlineData("--decoder", "cross", "--decoder cross: expected full or masked-queries")]
    [InlineData("--context-radius", "2", "needs --decoder masked-queries")]
    public void BadOptions_AreOneErrorLine(string option, string value, string expected)
    {
        string[] mode = option == "--mode" ? [] : ["--mode", "inpaint"];
        var (code, _, stderr) = Run(["train", "--data", _data, "--out", Path.Combine(_dir.Path, "r"), "--config", "tiny", .. mode, option, value, "--steps", "1"]);
        Assert.Equal(1, code);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("mae: error: ", line);
        Assert.Contains(expected, line);
    }

    [Fact]
    public void ExportOfAMissingOrForeignFile_IsOneErrorLine()
    {
        string foreign = Path.Combine(_dir.Path, "x.maeckpt");
        File.WriteAllText(foreign, "hello");
        var (code, _, stderr) = Run("export", "--checkpoint", foreign, "--out", Path.Combine(_dir.Path, "m.maew"));
        Assert.Equal(1, code);
        Assert.Contains("not a MaeRealtime training checkpoint", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr, CliApp.Commands);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
