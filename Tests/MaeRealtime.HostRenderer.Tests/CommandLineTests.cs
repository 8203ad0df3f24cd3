using System.Numerics;
using MaeRealtime.HostRenderer.Scene;

namespace MaeRealtime.HostRenderer.Tests;

/// <summary>The sample's command line and model lookup (no GPU).</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void NoArguments_GiveTheSmallDefaults()
    {
        var o = CommandLine.Parse([])!;
        Assert.Equal((4, 320, 192, Path.Combine("out", "host")), (o.Frames, o.Width, o.Height, o.OutputDirectory));
        Assert.Null(o.ModelPath);
        Assert.False(o.SideBySide);
        Assert.Equal((true, true, false, (string?)null, 2, StaleFill.Ghost), (o.Depth, o.Motion, o.History, o.SequenceDirectory, o.RevealFrames, o.Stale));
        Assert.Equal(new Vector2(1.5f, 0.5f), o.Pan);
    }

    [Fact]
    public void TemporalOptions_AreRead()
    {
        var o = CommandLine.Parse(["--history", "--no-depth", "--no-motion", "--sequence-out", "seq", "--pan", "-2,0.25", "--reveal", "3", "--stale", "magenta", "--depth-format", "r32"])!;
        Assert.Equal(Silk.NET.Vulkan.Format.R32Sfloat, o.DepthFormat);
        Assert.Equal((false, false, true, "seq", 3, StaleFill.HoleColor), (o.Depth, o.Motion, o.History, o.SequenceDirectory, o.RevealFrames, o.Stale));
        Assert.Equal(new Vector2(-2f, 0.25f), o.Pan);
    }

    [Fact]
    public void Options_AreRead()
    {
        var o = CommandLine.Parse(["--frames", "2", "--width", "64", "--height", "48", "--out", "x", "--model", "m.maew", "--side-by-side", "--occluders", "1", "--fps", "12.5", "--validation", "--device", "llvm"])!;
        Assert.Equal(new HostRendererOptions
        {
            Frames = 2, Width = 64, Height = 48, OutputDirectory = "x", ModelPath = "m.maew", SideBySide = true,
            Occluders = 1, FramesPerSecond = 12.5, Validation = true, Device = "llvm",
        }, o);
    }

    [Theory]
    [InlineData("--frames", "0")]
    [InlineData("--width", "wide")]
    [InlineData("--height")]
    [InlineData("--bogus")]
    [InlineData("--occluders", "-1")]
    [InlineData("--pan", "1")]
    [InlineData("--pan", "1,x")]
    [InlineData("--reveal", "0")]
    [InlineData("--stale", "blue")]
    [InlineData("--depth-format", "d24")]
    [InlineData("--sequence-out")]
    public void BadArguments_AreRefusedWithAMessage(params string[] args)
    {
        var ex = Assert.Throws<ArgumentException>(() => CommandLine.Parse(args));
        Assert.Contains(args[0], ex.Message);
    }

    [Fact]
    public void Help_ReturnsNull() => Assert.Null(CommandLine.Parse(["--help"]));

    [Fact]
    public void DefaultModel_IsFound_AndAMissingOneIsReported()
    {
        string found = ModelLocator.Resolve(null);
        Assert.True(File.Exists(found), found);
        Assert.Equal("mae-default.maew", Path.GetFileName(found));
        Assert.Throws<FileNotFoundException>(() => ModelLocator.Resolve("/nonexistent/model.maew"));
    }
}
