using MaeRealtime.Editor.Import;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Training.Export;
using MaeRealtime.Training.Trainer;

namespace MaeRealtime.Editor.Tests.Import;

/// <summary>Our trainer's checkpoints convert with their recorded config (heads, target, fill), like <c>mae export</c>.</summary>
public sealed class TrainerCheckpointImportTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TrainingCheckpoint_ConvertsWithItsRecordedConfig_FromTheFileOrItsRunFolder()
    {
        // 6 heads is not the default for width 48: it can only come from the checkpoint.
        var config = ReferenceCheckpointFiles.Tiny with { NumHeads = 6, Target = PixelTarget.PerPatchNormalized, Fill = HoleFill.ResidualPushPull };
        using var model = ReferenceCheckpointFiles.CreateModel(config, seed: 11);
        string run = _dir.File("run");
        Directory.CreateDirectory(run);
        Write(Path.Combine(run, TrainingCheckpoint.FileName), model, config);

        var fromFolder = CheckpointImporter.Convert(run, _dir.File("a.maew"));
        var fromFile = CheckpointImporter.Convert(Path.Combine(run, TrainingCheckpoint.FileName), _dir.File("b.maew"), new ImportOptions { NumHeads = 6 });

        Assert.Equal(CheckpointFormat.TrainerCheckpoint, fromFolder.Format);
        var file = WeightFile.Load(fromFolder.OutputPath);
        Assert.Equal((6, 2), (file.Config.NumHeads, file.Config.DecoderNumHeads));
        Assert.Equal(PixelTarget.PerPatchNormalized, file.Config.Target);
        Assert.Equal(HoleFill.ResidualPushPull, file.Config.Fill);
        Assert.Contains(fromFolder.Notes, n => n == "encoder heads: 6 (recorded in the training checkpoint)");
        Assert.Contains(fromFolder.Warnings, w => w.StartsWith("norm-pix:", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllBytes(fromFolder.OutputPath), File.ReadAllBytes(fromFile.OutputPath));

        // Bit for bit what the trainer's own exporter writes for the same model.
        string exported = _dir.File("exported.maew");
        using (var restored = CheckpointFile.Read(Path.Combine(run, TrainingCheckpoint.FileName)).CreateModel())
        {
            WeightExporter.Export(restored, exported);
        }

        Assert.Equal(File.ReadAllBytes(exported), File.ReadAllBytes(fromFolder.OutputPath));
    }

    [Fact]
    public void HeadsContradictingTheCheckpoint_AndDamagedCheckpoints_AreRefused()
    {
        var config = ReferenceCheckpointFiles.Tiny;
        using var model = ReferenceCheckpointFiles.CreateModel(config, seed: 12);
        string path = _dir.File("c.maeckpt");
        Write(path, model, config);

        var heads = Assert.Throws<ImportException>(() => CheckpointImporter.Convert(path, _dir.File("x.maew"), new ImportOptions { NumHeads = 4 }));
        Assert.Equal(["--heads 4 contradicts the 3 encoder heads recorded in the training checkpoint"], heads.Problems);

        byte[] bytes = File.ReadAllBytes(path);
        bytes[^40] ^= 0x55;
        File.WriteAllBytes(path, bytes);
        var damaged = Assert.Throws<ImportException>(() => CheckpointImporter.Convert(path, _dir.File("x.maew")));
        Assert.Equal($"Checkpoint '{path}': checksum mismatch: the file is damaged or was not completely written.", damaged.Summary);
        Assert.False(File.Exists(_dir.File("x.maew")));
    }

    private static void Write(string path, Training.Model.MaeModel model, MaeConfig config) =>
        CheckpointFile.Write(path, new TrainingCheckpoint
        {
            Config = config,
            Options = new TrainOptions { Mode = TrainMode.Inpaint, Steps = 100 },
            Step = 100,
            Model = model.state_dict().Select(kv => TensorBlob.From(kv.Key, kv.Value)).ToList(),
        });
}
