using MaeRealtime.TestSupport;
using MaeRealtime.Training.Data;
using MaeRealtime.Training.Tests.Support;

namespace MaeRealtime.Training.Tests.Data;

public sealed class DatasetSplitTests
{
    [Fact]
    public void Split_IsDisjointByWholeSourceImage_CoversEverything_AndIsStable()
    {
        using var dir = new TempDirectory();
        for (int i = 0; i < 24; i++)
        {
            SyntheticImages.SavePng(SyntheticImages.Create(16, 16, i), dir.File(i % 2 == 0 ? $"a/img{i:00}.png" : $"b/c/img{i:00}.png"));
        }

        var split = DatasetSplit.Create(dir.Path, 0.3);
        Assert.Empty(split.TrainRelative.Intersect(split.ValidationRelative));
        Assert.Equal(24, split.TrainRelative.Count + split.ValidationRelative.Count);
        Assert.NotEmpty(split.TrainRelative);
        Assert.NotEmpty(split.ValidationRelative);
        Assert.All(split.TrainRelative.Concat(split.ValidationRelative), p => Assert.DoesNotContain('\\', p));

        var again = DatasetSplit.Create(dir.Path, 0.3);
        Assert.Equal(split.TrainRelative, again.TrainRelative);
        Assert.Equal(split.ValidationRelative, again.ValidationRelative);
        Assert.Equal(split.Validation.Select(Path.GetFullPath), split.ValidationRelative.Select(r => Path.GetFullPath(Path.Combine(dir.Path, r))));

        // Every crop the trainer takes comes from a training image: the sampler only sees the training list.
        var train = ImageDataset.Load(split.Train, dir.Path);
        var sampler = new BatchSampler(train, 8, 16, [0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f], seed: 1);
        var batch = sampler.CreateBatch();
        var validation = split.Validation.ToHashSet();
        for (int b = 0; b < 6; b++)
        {
            sampler.Fill(b, batch);
            Assert.All(batch.SourceIndices, i => Assert.DoesNotContain(train.Images[i].Source, validation));
        }
    }

    [Fact]
    public void HeldOutFraction_MatchesTheRequestOnManyNames_AndGrowsMonotonically()
    {
        var names = Enumerable.Range(0, 4000).Select(i => $"photos/{i:0000}_x.jpg").ToArray();
        double fraction = names.Count(n => DatasetSplit.IsValidation(n, 0.1)) / (double)names.Length;
        Assert.InRange(fraction, 0.085, 0.115);

        // A larger fraction only adds images to the held-out set, so splits nest.
        Assert.All(names.Where(n => DatasetSplit.IsValidation(n, 0.1)), n => Assert.True(DatasetSplit.IsValidation(n, 0.2)));
        Assert.DoesNotContain(names, n => DatasetSplit.IsValidation(n, 0));
        Assert.Equal(DatasetSplit.HashUnit("a/b.png"), DatasetSplit.HashUnit("a\\b.png"));
    }

    [Fact]
    public void Save_WritesTheListsAsJson()
    {
        using var dir = new TempDirectory();
        SyntheticImages.SavePng(SyntheticImages.Create(16, 16, 1), dir.File("data/one.png"));
        var split = DatasetSplit.Create(dir.File("data"), 0);
        split.Save(dir.File("split.json"));
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(dir.File("split.json")));
        Assert.Equal("one.png", json.RootElement.GetProperty("train")[0].GetString());
        Assert.Equal(0, json.RootElement.GetProperty("validation").GetArrayLength());
    }

    [Fact]
    public void EmptyOrMissingFolder_IsAClearErrorNamingTheFolder()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("notes.txt"), "not an image");
        var empty = Assert.Throws<DatasetException>(() => DatasetSplit.Create(dir.Path, 0.1));
        Assert.Contains(dir.Path, empty.Message);
        Assert.Contains("no PNG or JPEG", empty.Message);

        string missing = dir.File("nope");
        var ex = Assert.Throws<DatasetException>(() => DatasetSplit.Create(missing, 0.1));
        Assert.Contains(missing, ex.Message);
        Assert.Contains("does not exist", ex.Message);
    }
}
