using System.Text.Json;
using MaeRealtime.Runtime.Frames;

namespace MaeRealtime.Editor.Tests.Cli;

/// <summary><c>mae bench</c>'s frame mode on lavapipe with the validation layer on (validation errors fail the run).</summary>
public sealed class BenchCommandTests
{
    [Fact]
    public void FrameMode_Json_HasEveryField_AndRecordAllocatesNothingInSteadyState()
    {
        var (code, stdout, stderr) = CliHarness.Run(
            "bench", "--preset", "tiny", "--width", "200", "--height", "120", "--holes", "0.05", "--frames", "3", "--json", "--validation");
        Assert.True(code == 0, stderr);
        Assert.Single(CliHarness.Lines(stdout));

        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(200, root.GetProperty("width").GetInt32());
        Assert.Equal(120, root.GetProperty("height").GetInt32());
        Assert.Equal(0.05, root.GetProperty("holes").GetDouble());
        Assert.Equal(3, root.GetProperty("frames").GetInt32());
        Assert.True(root.GetProperty("gpuMsPerFrame").GetDouble() > 0);
        Assert.True(root.GetProperty("cpuUsPerFrame").GetDouble() > 0);
        if (OperatingSystem.IsLinux())
        {
            Assert.True(root.GetProperty("cpuThreadUsPerFrame").GetDouble() > 0);
        }

        Assert.Equal(0, root.GetProperty("gcBytesPerFrame").GetDouble());
        Assert.Equal(0, root.GetProperty("rerecordedFrames").GetInt32());
        Assert.Equal(0.05, root.GetProperty("holePixelFraction").GetDouble(), 4);

        // The GPU's planning agrees with the CPU's replay of it; FLOPs follow from the active tiles.
        int tiles = root.GetProperty("tiles").GetInt32();
        Assert.InRange(tiles, 1, root.GetProperty("gridTiles").GetInt32() - 1);
        Assert.Equal(root.GetProperty("plannedTiles").GetInt32(), tiles);
        Assert.True(root.GetProperty("gflopPerFrame").GetDouble() > 0);
        Assert.True(root.GetProperty("gflopDispatchedPerFrame").GetDouble() >= root.GetProperty("gflopPerFrame").GetDouble());

        var stages = root.GetProperty("stages").EnumerateObject().ToList();
        Assert.Equal(FrameInpainter.StageNames, stages.Select(s => s.Name));
        Assert.All(stages, s => Assert.True(s.Value.GetDouble() >= 0));
        Assert.False(string.IsNullOrEmpty(root.GetProperty("device").GetString()));
        Assert.False(string.IsNullOrEmpty(root.GetProperty("kernelFamily").GetString()));
        // fp16 activations run only with the tiled family (Auto picks them there where the device allows).
        string activations = root.GetProperty("activations").GetString()!;
        Assert.True(activations == "fp32" || root.GetProperty("kernelFamily").GetString() == "Tiled", $"{activations} activations on the {root.GetProperty("kernelFamily").GetString()} family");
        Assert.True(root.GetProperty("activationMBPerFrame").GetDouble() > 0);
    }

    [Fact]
    public void FrameMode_NoHoles_RunsNoTiles()
    {
        var (code, stdout, stderr) = CliHarness.Run("bench", "--preset", "tiny", "--width", "97", "--height", "61", "--holes", "0", "--frames", "2", "--json", "--validation");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(0, root.GetProperty("tiles").GetInt32());
        Assert.Equal(0, root.GetProperty("gflopPerFrame").GetDouble());
        Assert.Equal(0, root.GetProperty("gcBytesPerFrame").GetDouble());
    }

    [Fact]
    public void FrameMode_Table_NamesTheMeasures()
    {
        var (code, stdout, stderr) = CliHarness.Run("bench", "--preset", "tiny", "--width", "64", "--height", "48", "--holes", "0.1", "--frames", "2");
        Assert.True(code == 0, stderr);
        Assert.Contains("64x48 frame", stdout);
        Assert.Contains("CPU in Record", stdout);
        Assert.Contains("GC allocations in Record", stdout);
        foreach (string stage in FrameInpainter.StageNames)
        {
            Assert.Contains(stage, stdout);
        }
    }

    [Fact]
    public void FrameMode_RejectsTileBatchOptions()
    {
        var (code, _, stderr) = CliHarness.Run("bench", "--preset", "tiny", "--width", "64", "--tiles", "4");
        Assert.Equal(1, code);
        Assert.Contains("--tiles applies to the tile-batch mode", stderr);
    }
}
