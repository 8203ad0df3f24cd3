using MaeRealtime.Editor.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MaeRealtime.Editor.Tests.Imaging;

public sealed class HoleMaskTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_RedChannelAtLeast128IsAHole()
    {
        string path = _dir.File("mask.png");
        using (var source = new Image<Rgb24>(6, 1))
        {
            source[0, 0] = new Rgb24(0, 0, 0);
            source[1, 0] = new Rgb24(127, 127, 127);
            source[2, 0] = new Rgb24(128, 128, 128);
            source[3, 0] = new Rgb24(255, 255, 255);
            source[4, 0] = new Rgb24(200, 0, 0); // red decides
            source[5, 0] = new Rgb24(0, 255, 255); // green and blue do not
            source.SaveAsPng(path);
        }

        HoleMask mask = HoleMask.Load(path);

        Assert.Equal(6, mask.Width);
        Assert.Equal(1, mask.Height);
        Assert.Equal([false, false, true, true, true, false], mask.Holes);
        Assert.Equal(3, mask.HoleCount);
    }

    [Fact]
    public void Load_GrayImageUsesTheGrayValue()
    {
        string path = _dir.File("gray.png");
        using (var source = new Image<L8>(2, 2))
        {
            source[0, 0] = new L8(127);
            source[1, 0] = new L8(128);
            source[0, 1] = new L8(255);
            source[1, 1] = new L8(3);
            source.SaveAsPng(path);
        }

        HoleMask mask = HoleMask.Load(path);

        Assert.Equal([false, true, true, false], mask.Holes);
        Assert.True(mask.IsHole(1, 0));
        Assert.False(mask.IsHole(1, 1));
    }

    [Fact]
    public void Load_IgnoresAlpha()
    {
        string path = _dir.File("alpha.png");
        using (var source = new Image<Rgba32>(2, 1))
        {
            source[0, 0] = new Rgba32(255, 255, 255, 0);
            source[1, 0] = new Rgba32(0, 0, 0, 255);
            source.SaveAsPng(path);
        }

        Assert.Equal([true, false], HoleMask.Load(path).Holes);
    }

    [Fact]
    public void SaveThenLoad_RoundTrips()
    {
        bool[] holes = Enumerable.Range(0, 35).Select(i => i % 3 == 0 || i > 30).ToArray();
        var mask = new HoleMask(7, 5, holes);
        string path = _dir.File("saved.png");

        mask.SaveAsPng(path);
        HoleMask loaded = HoleMask.Load(path);

        Assert.Equal(7, loaded.Width);
        Assert.Equal(5, loaded.Height);
        Assert.Equal(holes, loaded.Holes);
        Assert.Equal(["saved.png"], _dir.Entries());
    }

    [Fact]
    public void ToFloats_IsOneForHoles()
    {
        var mask = new HoleMask(3, 1, [true, false, true]);

        Assert.Equal([1f, 0f, 1f], mask.ToFloats());
    }

    [Fact]
    public void Load_MissingFile_NamesTheFileAndSaysMask()
    {
        string path = _dir.File("missing-mask.png");

        var ex = Assert.Throws<ImageFileException>(() => HoleMask.Load(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("mask", ex.Message);
    }

    [Fact]
    public void Load_Garbage_NamesTheFile()
    {
        string path = _dir.File("mask.jpg");
        File.WriteAllText(path, "this is not a JPEG");

        var ex = Assert.Throws<ImageFileException>(() => HoleMask.Load(path));

        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void Constructor_RejectsWrongLength() =>
        Assert.Throws<ArgumentException>(() => new HoleMask(2, 2, new bool[3]));
}
