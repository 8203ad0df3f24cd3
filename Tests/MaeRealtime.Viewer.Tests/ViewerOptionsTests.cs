namespace MaeRealtime.Viewer.Tests;

public sealed class ViewerOptionsTests
{
    [Fact]
    public void Parse_ReadsEveryOption()
    {
        var o = ViewerOptions.Parse(["--image", "a.png", "--model", "m.maew", "--script", "s.txt", "--frames", "12",
            "--screenshot", "out.png", "--window", "800x600", "--view", "5", "--continuous", "--no-vsync", "--no-history"]);

        Assert.Equal(("a.png", "m.maew", "s.txt", 12, "out.png"), (o.Image, o.Model, o.Script, o.Frames, o.Screenshot));
        Assert.Equal((800, 600), o.Window);
        Assert.Equal(5, o.View);
        Assert.True(o.Continuous);
        Assert.False(o.Vsync);
        Assert.False(o.History);
        Assert.True(ViewerOptions.Parse([]).History); // the temporal history is on by default (T toggles it)
    }

    [Theory]
    [InlineData("--frames", "0")]
    [InlineData("--window", "800")]
    [InlineData("--view", "6")]
    [InlineData("--bogus", "1")]
    [InlineData("--screenshot", "x.png")]
    public void Parse_RejectsBadArguments(string option, string value) =>
        Assert.Throws<ArgumentException>(() => ViewerOptions.Parse([option, value]));

    [Fact]
    public void Run_WithABadOption_Exits1_WithOneLine()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(1, ViewerApp.Run(["--frames", "x"], stdout, stderr));
        Assert.StartsWith("viewer: error: --frames", stderr.ToString());
    }
}
