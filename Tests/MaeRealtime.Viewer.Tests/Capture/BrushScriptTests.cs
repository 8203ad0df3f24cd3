using MaeRealtime.Viewer.Capture;

namespace MaeRealtime.Viewer.Tests.Capture;

public sealed class BrushScriptTests
{
    [Fact]
    public void Parse_ExpandsStrokesWaitsAndKeys_IntoOneActionPerFrame()
    {
        var script = BrushScript.Parse(
        [
            "# comment",
            "paint 10 20 5",
            "stroke 0 0 30 0 4 3   # three frames",
            "",
            "erase 1.5 2.5 3",
            "key 3",
            "key f12",
            "resize 640 480",
            "drop /tmp/my model.maew",
            "wait 2",
        ], "test");

        var f = script.Frames;
        Assert.Equal(11, f.Count);
        Assert.Equal(new ScriptAction(ScriptActionKind.Paint, 10, 20, 10, 20, 5), f[0]);
        Assert.Equal(new ScriptAction(ScriptActionKind.Paint, 0, 0, 10, 0, 4), f[1]);
        Assert.Equal(new ScriptAction(ScriptActionKind.Paint, 20, 0, 30, 0, 4), f[3]);
        Assert.Equal(ScriptActionKind.Erase, f[4].Kind);
        Assert.Equal('3', f[5].Key);
        Assert.Equal(301, f[6].Key);
        Assert.Equal((ScriptActionKind.Resize, 640.0, 480.0), (f[7].Kind, f[7].X1, f[7].Y1));
        Assert.Equal((ScriptActionKind.Drop, "/tmp/my model.maew"), (f[8].Kind, f[8].Path));
        Assert.All(f.Skip(9), a => Assert.Equal(ScriptActionKind.Wait, a.Kind));
    }

    [Theory]
    [InlineData("paint 1 2", "takes X Y RADIUS")]
    [InlineData("paint 1 2 -3", "must be positive")]
    [InlineData("stroke 0 0 1 1 2 0", "whole number")]
    [InlineData("key ?", "unknown key")]
    [InlineData("fill 1 2 3", "unknown command 'fill'")]
    [InlineData("paint x 2 3", "'x' is not a number")]
    public void Parse_RejectsMalformedLines_NamingFileAndLine(string line, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => BrushScript.Parse(["wait 1", line], "strokes.txt"));
        Assert.StartsWith("strokes.txt:2: ", ex.Message);
        Assert.Contains(reason, ex.Message);
    }
}
