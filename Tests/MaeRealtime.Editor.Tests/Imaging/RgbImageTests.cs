using MaeRealtime.Editor.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace MaeRealtime.Editor.Tests.Imaging;

public sealed class RgbImageTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void SaveThenLoad_RoundTripsEveryEightBitLevelExactly()
    {
        var image = new RgbImage(256, 2);
        for (int x = 0; x < 256; x++)
        {
            int o = x * 3;
            image.Pixels[o] = x / 255f;
            image.Pixels[o + 1] = (255 - x) / 255f;
            image.Pixels[o + 2] = (x * 7 % 256) / 255f;
            int o2 = (256 + x) * 3;
            image.Pixels[o2] = image.Pixels[o2 + 1] = image.Pixels[o2 + 2] = 0.5f;
        }

        string path = _dir.File("levels.png");
        image.SaveAsPng(path);
        RgbImage loaded = RgbImage.Load(path);

        Assert.Equal(256, loaded.Width);
        Assert.Equal(2, loaded.Height);
        Assert.Equal(image.Pixels[..(256 * 3)], loaded.Pixels[..(256 * 3)]);
        Assert.Equal(128 / 255f, loaded.Pixels[256 * 3]); // 0.5 rounds to level 128
    }

    [Fact]
    public void Load_KeepsRowMajorInterleavedOrder()
    {
        string path = _dir.File("order.png");
        using (var source = new Image<Rgb24>(3, 2))
        {
            source[2, 1] = new Rgb24(10, 20, 30);
            source.SaveAsPng(path);
        }

        RgbImage loaded = RgbImage.Load(path);

        int o = ((1 * 3) + 2) * 3;
        Assert.Equal([10 / 255f, 20 / 255f, 30 / 255f], loaded.Pixels[o..(o + 3)]);
        Assert.Equal(0f, loaded.Pixels[0]);
    }

    [Fact]
    public void Load_SixteenBitPngKeepsItsPrecision()
    {
        string path = _dir.File("deep.png");
        using (var source = new Image<Rgb48>(1, 1))
        {
            source[0, 0] = new Rgb48(1000, 0, 65535);
            source.Save(path, new PngEncoder { BitDepth = PngBitDepth.Bit16, ColorType = PngColorType.Rgb });
        }

        RgbImage loaded = RgbImage.Load(path);

        Assert.Equal([1000 / 65535f, 0f, 1f], loaded.Pixels);
    }

    [Fact]
    public void Load_ReadsJpeg()
    {
        string path = _dir.File("photo.jpg");
        using (var source = new Image<Rgb24>(16, 16, new Rgb24(200, 100, 50)))
        {
            source.Save(path, new JpegEncoder { Quality = 95 });
        }

        RgbImage loaded = RgbImage.Load(path);

        Assert.Equal(16, loaded.Width);
        Assert.InRange(loaded.Pixels[0], (200 - 4) / 255f, (200 + 4) / 255f);
        Assert.InRange(loaded.Pixels[1], (100 - 4) / 255f, (100 + 4) / 255f);
        Assert.InRange(loaded.Pixels[2], (50 - 4) / 255f, (50 + 4) / 255f);
    }

    [Theory]
    [InlineData(-0.5f, 0)]
    [InlineData(float.NaN, 0)]
    [InlineData(0.001f, 0)]
    [InlineData(0.998f, 254)]
    [InlineData(1f, 255)]
    [InlineData(7f, 255)]
    [InlineData(float.PositiveInfinity, 255)]
    public void Save_ClampsAndRounds(float value, byte expected) => Assert.Equal(expected, RgbImage.ToByte(value));

    [Fact]
    public void Load_MissingFile_NamesTheFile()
    {
        string path = _dir.File("nope.png");

        var ex = Assert.Throws<ImageFileException>(() => RgbImage.Load(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("not found", ex.Message);
        Assert.Equal(path, ex.FilePath);
    }

    [Fact]
    public void Load_Directory_NamesTheFile()
    {
        var ex = Assert.Throws<ImageFileException>(() => RgbImage.Load(_dir.Path));

        Assert.Contains(_dir.Path, ex.Message);
    }

    [Fact]
    public void Load_Garbage_SaysItIsNotAnImage()
    {
        string path = _dir.File("garbage.png");
        File.WriteAllBytes(path, Enumerable.Range(0, 500).Select(i => (byte)(i * 37)).ToArray());

        var ex = Assert.Throws<ImageFileException>(() => RgbImage.Load(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("PNG or JPEG", ex.Message);
    }

    [Fact]
    public void Load_Tiff_IsRejectedAsUnsupported()
    {
        string path = _dir.File("scan.tif");
        using (var source = new Image<Rgb24>(4, 4))
        {
            source.Save(path, new SixLabors.ImageSharp.Formats.Tiff.TiffEncoder());
        }

        var ex = Assert.Throws<ImageFileException>(() => RgbImage.Load(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("not a PNG or JPEG", ex.Message);
    }

    [Fact]
    public void Load_TruncatedPng_NamesTheFile()
    {
        string good = _dir.File("good.png");
        new RgbImage(64, 64).SaveAsPng(good);
        byte[] bytes = File.ReadAllBytes(good);
        string path = _dir.File("truncated.png");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var ex = Assert.Throws<ImageFileException>(() => RgbImage.Load(path));

        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void SaveAsPng_ReplacesAnExistingFileAndLeavesNoTempFiles()
    {
        string path = _dir.File("out.png");
        File.WriteAllText(path, "old contents");

        var image = new RgbImage(2, 2);
        image.Pixels.AsSpan().Fill(1f);
        image.SaveAsPng(path);

        Assert.Equal(["out.png"], _dir.Entries());
        Assert.All(RgbImage.Load(path).Pixels, v => Assert.Equal(1f, v));
    }

    [Fact]
    public void SaveAsPng_FailedWrite_LeavesTheTargetIntactAndNoTempFiles()
    {
        // A folder where the file should go makes the final rename fail after the PNG was encoded.
        string path = _dir.File("out.png");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "keep.txt"), "precious");

        var ex = Assert.Throws<ImageFileException>(() => new RgbImage(2, 2).SaveAsPng(path));

        Assert.Contains(path, ex.Message);
        Assert.Equal(["out.png"], _dir.Entries());
        Assert.Equal("precious", File.ReadAllText(Path.Combine(path, "keep.txt")));
    }

    [Fact]
    public void SaveAsPng_CreatesMissingFolders()
    {
        string path = Path.Combine(_dir.Path, "a", "b", "out.png");

        new RgbImage(1, 1).SaveAsPng(path);

        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Constructor_RejectsWrongLength()
    {
        Assert.Throws<ArgumentException>(() => new RgbImage(2, 2, new float[11]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RgbImage(0, 2));
    }
}
