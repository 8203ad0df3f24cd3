using System.Buffers.Binary;
using System.Text;
using MaeRealtime.Editor.Imaging;

namespace MaeRealtime.Editor.Tests.Sequences;

/// <summary>PFM (depth and motion files of sequence folders): round trips, the row order and byte order the format specifies, and hostile files.</summary>
public sealed class PfmFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1, 5, 3)]
    [InlineData(3, 2, 7)]
    [InlineData(1, 1, 1)]
    public void RoundTrip_KeepsEveryValueExactly(int channels, int width, int height)
    {
        var rng = new Random(channels * 100 + width);
        var values = Enumerable.Range(0, width * height * channels).Select(_ => (float)((rng.NextDouble() * 200) - 100)).ToArray();
        string path = _dir.File("x.pfm");

        PfmFile.Write(path, new PfmImage(width, height, channels, values));
        var back = PfmFile.Read(path, "depth");

        Assert.Equal((width, height, channels), (back.Width, back.Height, back.Channels));
        Assert.Equal(values, back.Values);
        Assert.DoesNotContain(Directory.EnumerateFiles(_dir.Path), f => Path.GetFileName(f).StartsWith('.'));
    }

    [Fact]
    public void Writer_PutsTheBottomRowFirst_LittleEndian_ScaleMinusOne()
    {
        // 2 x 2, one channel, top row (1, 2), bottom row (3, 4): the file stores 3, 4, 1, 2.
        byte[] bytes = PfmFile.Encode(new PfmImage(2, 2, 1, [1, 2, 3, 4]));

        byte[] header = Encoding.ASCII.GetBytes("Pf\n2 2\n-1\n");
        Assert.Equal(header, bytes[..header.Length]);
        byte[] data = bytes[header.Length..];
        Assert.Equal(16, data.Length);
        Assert.Equal([3f, 4f, 1f, 2f], Enumerable.Range(0, 4).Select(k => BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(k * 4))).ToArray());
    }

    [Fact]
    public void Reader_TakesBigEndianWhenTheScaleIsPositive_AndAnyWhitespace()
    {
        // "PF", 1 x 1, big-endian (scale 1.0), tabs and CRLF between the tokens.
        var bytes = new List<byte>(Encoding.ASCII.GetBytes("PF\r\n1\t1\n1.0\n"));
        foreach (float v in new[] { 1.5f, -2.25f, 0f })
        {
            var four = new byte[4];
            BinaryPrimitives.WriteSingleBigEndian(four, v);
            bytes.AddRange(four);
        }

        string path = _dir.File("be.pfm");
        File.WriteAllBytes(path, bytes.ToArray());
        var image = PfmFile.Read(path, "motion");

        Assert.Equal(3, image.Channels);
        Assert.Equal([1.5f, -2.25f, 0f], image.Values);
        Assert.Equal([1.5f, -2.25f], image.ToMotion());
    }

    public static TheoryData<string, string> HostileHeaders => new()
    {
        { string.Empty, "the file is empty" },
        { "P6\n1 1\n255\n", "expected 'PF' or 'Pf' at the start; found 'P6'" },
        { "Pf\n", "no width" },
        { "Pf\n-3 2\n-1\n", "the width must be a whole number from 1 to 16384; found '-3'" },
        { "Pf\n0 2\n-1\n", "found '0'" },
        { "Pf\n4 1e3\n-1\n", "the height must be a whole number" },
        { "Pf\n100000 2\n-1\n", "the width must be a whole number" },
        { "Pf\n16384 16384\n-1\n", "exceeds the size limit" },
        { "Pf\n2 2\nabc\n", "the scale must be a finite non-zero number" },
        { "Pf\n2 2\n0\n", "found '0'" },
        { "Pf\n2 2\nNaN\n", "found 'NaN'" },
        { "Pf\n2 2\n-1", "it ends after the scale" },
    };

    [Theory]
    [MemberData(nameof(HostileHeaders))]
    public void HostileHeaders_AreRefusedNamingTheFileAndTheProblem(string header, string expected)
    {
        string path = _dir.File("bad.pfm");
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes(header));

        var ex = Assert.Throws<ImageFileException>(() => PfmFile.Read(path, "depth"));

        Assert.Contains(path, ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void AHeaderThatNeverEnds_IsRefusedWithoutScanningTheFile()
    {
        string path = _dir.File("long.pfm");
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes("Pf\n" + new string('7', 10_000)));

        var ex = Assert.Throws<ImageFileException>(() => PfmFile.Read(path, "depth"));

        Assert.Contains("the width must be a whole number", ex.Message);
    }

    [Fact]
    public void TruncatedAndOverlongFiles_AreRefusedWithTheByteCounts()
    {
        byte[] good = PfmFile.Encode(new PfmImage(3, 2, 3, new float[18]));
        string cut = _dir.File("cut.pfm"), longer = _dir.File("long.pfm");
        File.WriteAllBytes(cut, good[..^5]);
        File.WriteAllBytes(longer, [.. good, 1, 2]);

        var truncated = Assert.Throws<ImageFileException>(() => PfmFile.Read(cut, "motion"));
        var trailing = Assert.Throws<ImageFileException>(() => PfmFile.Read(longer, "motion"));

        Assert.Contains("truncated", truncated.Message);
        Assert.Contains("needs 72 bytes of pixels after its header; found 67", truncated.Message);
        Assert.Contains("2 unexpected byte(s) after the 72 bytes", trailing.Message);
    }

    [Fact]
    public void NonFiniteValues_AreRefusedNamingThePixel_UnlessAllowed()
    {
        var values = new float[6];
        values[4] = float.NaN; // pixel (1, 1) of a 3 x 2 image, top-left origin
        string path = _dir.File("nan.pfm");
        PfmFile.Write(path, new PfmImage(3, 2, 1, values));

        var ex = Assert.Throws<ImageFileException>(() => PfmFile.Read(path, "depth"));
        var allowed = PfmFile.Read(path, "depth", requireFinite: false);

        Assert.Contains("pixel (1, 1)", ex.Message);
        Assert.Contains("depth values must be finite", ex.Message);
        Assert.True(float.IsNaN(allowed.Values[4]));
    }

    [Fact]
    public void MissingFileAndDirectory_AreRefusedByName()
    {
        var missing = Assert.Throws<ImageFileException>(() => PfmFile.Read(_dir.File("nope.pfm"), "motion"));
        var directory = Assert.Throws<ImageFileException>(() => PfmFile.Read(_dir.Path, "motion"));

        Assert.Contains("file not found", missing.Message);
        Assert.Contains("it is a directory", directory.Message);
    }
}
