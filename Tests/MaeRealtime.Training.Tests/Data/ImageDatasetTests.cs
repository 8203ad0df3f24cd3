using MaeRealtime.TestSupport;
using MaeRealtime.Training.Data;
using MaeRealtime.Training.Tests.Support;

namespace MaeRealtime.Training.Tests.Data;

public sealed class ImageDatasetTests
{
    [Fact]
    public void CorruptImage_IsSkippedWithAWarning_AndCounted()
    {
        using var dir = new TempDirectory();
        SyntheticImages.SavePng(SyntheticImages.Create(20, 12, 1), dir.File("good1.png"));
        SyntheticImages.SavePng(SyntheticImages.Create(12, 20, 2), dir.File("good2.png"));
        File.WriteAllBytes(dir.File("broken.jpg"), [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        File.WriteAllBytes(dir.File("garbage.jpg"), Enumerable.Range(0, 300).Select(i => (byte)(i * 37)).ToArray());
        var warnings = new List<string>();

        var split = DatasetSplit.Create(dir.Path, 0);
        var data = ImageDataset.Load(split.Train, dir.Path, warn: warnings.Add);

        Assert.Equal(2, data.Images.Count);
        Assert.Equal(2, data.Skipped.Count);
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("broken.jpg") && w.StartsWith("warning: ", StringComparison.Ordinal));
        Assert.Contains(data.Skipped, s => s.Path.EndsWith("garbage.jpg", StringComparison.Ordinal));
        Assert.Equal(20 * 12 * 3, data.Images.Single(i => i.Source.EndsWith("good1.png", StringComparison.Ordinal)).Rgb.Length);
    }

    [Fact]
    public void FolderWithOnlyUnreadableImages_IsAClearErrorNamingTheFolder()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("a.png"), [1, 2, 3]);
        File.WriteAllBytes(dir.File("b.jpeg"), []);
        var split = DatasetSplit.Create(dir.Path, 0);
        var ex = Assert.Throws<DatasetException>(() => ImageDataset.Load(split.Train, dir.Path));
        Assert.Contains(dir.Path, ex.Message);
        Assert.Contains("no readable image", ex.Message);
    }

    [Fact]
    public void LargeImages_AreDownscaledToTheShortSideBound()
    {
        using var dir = new TempDirectory();
        SyntheticImages.SavePng(SyntheticImages.Create(300, 200, 3), dir.File("big.png"));
        SyntheticImages.SavePng(SyntheticImages.Create(60, 90, 4), dir.File("small.png"));
        var data = ImageDataset.Load(DatasetSplit.Create(dir.Path, 0).Train, dir.Path, maxShortSide: 100);
        var big = data.Images.Single(i => i.Source.EndsWith("big.png", StringComparison.Ordinal));
        var small = data.Images.Single(i => i.Source.EndsWith("small.png", StringComparison.Ordinal));
        Assert.Equal((150, 100), (big.Width, big.Height));
        Assert.Equal((60, 90), (small.Width, small.Height));
    }
}
