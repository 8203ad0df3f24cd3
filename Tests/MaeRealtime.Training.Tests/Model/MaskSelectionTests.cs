using MaeRealtime.Training.Model;
using MaeRealtime.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Tests.Model;

public sealed class MaskSelectionTests
{
    [Theory]
    [InlineData(16, 0.75, 4)]
    [InlineData(256, 0.75, 64)]
    [InlineData(25, 0.75, 6)]   // int(25 * 0.25) = 6
    [InlineData(49, 0.5, 24)]
    [InlineData(10, 0.0, 10)]
    public void KeptCountIsTheReferenceTruncation(int patches, double ratio, int kept)
    {
        Assert.Equal(kept, MaskSelection.KeptCountFor(patches, ratio));
    }

    [Fact]
    public void RandomMaskingInvariants()
    {
        const int n = 4, l = 25;
        using var generator = new Generator(1234);
        using var sel = MaskSelection.Random(n, l, 0.75, generator: generator);
        int k = MaskSelection.KeptCountFor(l, 0.75);
        AssertConsistent(sel, n, l, k);
    }

    [Fact]
    public void FromNoiseKeepsTheSmallestNoise()
    {
        using var noise = tensor(new float[] { 0.9f, 0.1f, 0.5f, 0.3f, 0.7f, 0.2f }, new long[] { 1, 6 });
        using var sel = MaskSelection.FromNoise(noise, 2);
        Assert.Equal(new long[] { 1, 5 }, sel.IdsKeep.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 5, 3, 2, 4, 0 }, sel.IdsShuffle.data<long>().ToArray());
        Assert.Equal(new float[] { 1, 0, 1, 1, 1, 0 }, sel.Mask.data<float>().ToArray());
        AssertConsistent(sel, 1, 6, 2);
    }

    [Fact]
    public void FromKeptPutsKeptIdsFirstInTheGivenOrderThenRemovedAscending()
    {
        using var ids = tensor(new long[] { 7, 2, 5, 0, 1, 2 }, new long[] { 2, 3 });
        using var sel = MaskSelection.FromKept(ids, 8);
        Assert.Equal(new long[] { 7, 2, 5, 0, 1, 3, 4, 6, 0, 1, 2, 3, 4, 5, 6, 7 }, sel.IdsShuffle.data<long>().ToArray());
        AssertConsistent(sel, 2, 8, 3);
    }

    [Fact]
    public void FromKeptRejectsDuplicatesAndOutOfRangeIds()
    {
        using var duplicate = tensor(new long[] { 1, 1 }, new long[] { 1, 2 });
        Assert.Contains("duplicates", Assert.Throws<ArgumentException>(() => MaskSelection.FromKept(duplicate, 4)).Message);
        using var outOfRange = tensor(new long[] { 0, 4 }, new long[] { 1, 2 });
        Assert.Contains("[0, 4)", Assert.Throws<ArgumentException>(() => MaskSelection.FromKept(outOfRange, 4)).Message);
        Assert.Throws<ArgumentException>(() => MaskSelection.FromKept(new[] { new[] { 0, 1 }, new[] { 2 } }, 4));
    }

    [Fact]
    public void PredictionDoesNotDependOnTheOrderOfKeptIds()
    {
        var config = TestConfigs.Odd;
        torch.manual_seed(11);
        using var model = new MaeModel(config);
        using var imgs = randn(2, 3, config.ImageSize, config.ImageSize);
        int[][] ascending = [[0, 3, 4, 9, 12, 20, 24], [1, 2, 5, 6, 7, 8, 23]];
        int[][] shuffled = ascending.Select(row => row.Reverse().ToArray()).ToArray();
        using var a = model.Reconstruct(imgs, ascending);
        using var b = model.Reconstruct(imgs, shuffled);
        Assert.Equal(new long[] { 2, config.NumPatches, config.PatchValues }, a.shape);
        Assert.True(a.allclose(b, rtol: 0, atol: 1e-5), $"max diff {(a - b).abs().max().item<float>()}");
    }

    [Fact]
    public void RandomForwardEqualsTheExplicitKeptPath()
    {
        // The training path (noise -> shuffle) and the inference path (explicit kept ids) must agree exactly
        // in what the model computes for the same kept set.
        var config = TestConfigs.Odd;
        torch.manual_seed(12);
        using var model = new MaeModel(config);
        using var imgs = randn(2, 3, config.ImageSize, config.ImageSize);
        using var noise = rand(2, config.NumPatches);
        using var fromNoise = MaskSelection.FromNoise(noise, 6);
        using var fromKept = MaskSelection.FromKept(fromNoise.IdsKeep, config.NumPatches);
        Assert.True(TensorAssert.Same(fromNoise.Mask, fromKept.Mask));
        var (lossA, predA, maskA) = model.Forward(imgs, fromNoise);
        var (lossB, predB, maskB) = model.Forward(imgs, fromKept);
        using (lossA)
        using (predA)
        using (maskA)
        using (lossB)
        using (predB)
        using (maskB)
        {
            Assert.True(predA.allclose(predB, rtol: 0, atol: 1e-6));
            Assert.Equal(lossA.item<float>(), lossB.item<float>(), 6);
        }
    }

    private static void AssertConsistent(MaskSelection sel, long n, long l, long k)
    {
        Assert.Equal(new[] { n, k }, sel.IdsKeep.shape);
        Assert.Equal(new[] { n, l }, sel.IdsShuffle.shape);
        Assert.Equal(new[] { n, l }, sel.IdsRestore.shape);
        Assert.Equal(new[] { n, l }, sel.Mask.shape);
        Assert.Equal(k, sel.KeptCount);

        using var identity = arange(l, ScalarType.Int64).unsqueeze(0).expand(n, l);
        // ids_restore is the inverse permutation of ids_shuffle, both ways round.
        using (var a = sel.IdsShuffle.gather(1, sel.IdsRestore))
        {
            Assert.True(TensorAssert.Same(a, identity));
        }

        using (var b = sel.IdsRestore.gather(1, sel.IdsShuffle))
        {
            Assert.True(TensorAssert.Same(b, identity));
        }

        // ids_keep is the head of the shuffle, and exactly those patches are 0 in the mask.
        using (var head = sel.IdsShuffle[.., ..(int)k])
        {
            Assert.True(TensorAssert.Same(head, sel.IdsKeep));
        }

        using (var keptMask = sel.Mask.gather(1, sel.IdsKeep))
        {
            Assert.True(keptMask.eq(0).all().item<bool>());
        }

        Assert.Equal((double)(n * (l - k)), sel.Mask.sum().item<float>());
    }
}
