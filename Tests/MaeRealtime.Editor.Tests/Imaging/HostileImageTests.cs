using System.Buffers.Binary;
using System.Diagnostics;
using MaeRealtime.Editor.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MaeRealtime.Editor.Tests.Imaging;

/// <summary>Damaged and hostile images get one clear error naming the file, before anything is sized by their headers.</summary>
public sealed class HostileImageTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void HugeClaimedSize_IsRefusedFromTheHeader()
    {
        byte[] png = Png(8, 8);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), 100_000);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(20), 100_000);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
        string path = _dir.File("huge.png");
        File.WriteAllBytes(path, png);

        var watch = Stopwatch.StartNew();
        var ex = Assert.Throws<ImageFileException>(() => RgbImage.Load(path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("100000x100000 exceeds the size limit", ex.Message, StringComparison.Ordinal);
        Assert.Contains("100000x100000", Assert.Throws<ImageFileException>(() => HoleMask.Load(path)).Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData(".png", 12)]
    [InlineData(".png", 400)]
    [InlineData(".jpg", 2)]
    [InlineData(".jpg", 300)]
    public void TruncatedFiles_AreRefused(string extension, int cut)
    {
        using var image = new Image<Rgb24>(64, 48);
        var random = new Random(1);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                foreach (ref var p in rows.GetRowSpan(y))
                {
                    p = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                }
            }
        });
        string whole = _dir.File("whole" + extension);
        image.Save(whole);
        byte[] bytes = File.ReadAllBytes(whole);
        string path = _dir.File("cut" + extension);
        File.WriteAllBytes(path, bytes[..(bytes.Length - cut)]);

        var ex = Assert.Throws<ImageFileException>(() => RgbImage.Load(path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        RgbImage.Load(whole); // the intact file still loads
    }

    [Fact]
    public void UnsupportedBitDepth_IsADamagedFile_NotAnInternalError()
    {
        byte[] png = Png(8, 8);
        png[24] = 7; // bit depth 7 does not exist
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
        string path = _dir.File("depth7.png");
        File.WriteAllBytes(path, png);

        var ex = Assert.Throws<ImageFileException>(() => RgbImage.Load(path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LimitIsDocumentedValue()
    {
        Assert.True(ImageLimits.Allows(7680, 4320));
        Assert.True(ImageLimits.Allows(16_384, 2_000));
        Assert.False(ImageLimits.Allows(16_385, 1));
        Assert.False(ImageLimits.Allows(8_000, 8_000));
        Assert.False(ImageLimits.Allows(0, 5));
    }

    private static byte[] Png(int width, int height)
    {
        using var image = new Image<Rgb24>(width, height);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFF_FFFFu;
        foreach (byte b in data)
        {
            c ^= b;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB8_8320u ^ (c >> 1) : c >> 1;
            }
        }

        return ~c;
    }
}
