using MaeRealtime.Training.Trainer;
using TorchSharp;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Tests.Trainer;

public sealed class HolePatchSelectionTests
{
    [Fact]
    public void PatchesWithAnyHolePixel_AreRemoved_AndEveryImageKeepsTheBatchMinimum()
    {
        var config = TrainerTestSetup.Config; // 16 px, patch 4: a 4 x 4 grid
        int plane = 16 * 16;
        var holes = new float[3 * plane];
        holes[(0 * plane) + (5 * 16) + 5] = 1;            // image 0: one pixel -> patch (1, 1) = 5
        for (int y = 0; y < 8; y++)
        {
            for (int x = 0; x < 16; x++)
            {
                holes[(1 * plane) + (y * 16) + x] = 1;    // image 1: the top half -> patches 0..7
            }
        }

        holes[(2 * plane) + (15 * 16) + 12] = 1;           // image 2: patch (3, 3) = 15

        float[] flags = HolePatchSelection.PatchHoleFlags(holes, 3, config);
        Assert.Equal([5], Indices(flags, 0));
        Assert.Equal(Enumerable.Range(0, 8), Indices(flags, 1));
        Assert.Equal([15], Indices(flags, 2));

        using var generator = new Generator(1);
        using var selection = HolePatchSelection.Create(holes, 3, config, CPU, generator);
        Assert.Equal(8, selection.KeptCount); // image 1 sees only 8 patches, so everyone keeps 8
        float[] mask = selection.Mask.data<float>().ToArray();
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(8, mask.Skip(i * 16).Take(16).Count(v => v == 1f));
            Assert.All(Indices(flags, i), p => Assert.Equal(1f, mask[(i * 16) + p])); // holes always removed
        }
    }

    [Fact]
    public void ABatchWithoutHoles_StillRemovesOnePatch()
    {
        using var generator = new Generator(2);
        using var selection = HolePatchSelection.Create(new float[2 * 256], 2, TrainerTestSetup.Config, CPU, generator);
        Assert.Equal(15, selection.KeptCount);
    }

    [Fact]
    public void MostlyHolePolicy_KeepsPatchesUpToHalfHoles_AndTheLossCoversEveryTouchedPatch()
    {
        var config = TrainerTestSetup.Config with { Masking = Runtime.Model.MaskPolicy.MostlyHole }; // patch 4: limit 8 of 16
        Assert.Equal(8, config.VisibleHolePixelLimit);
        int plane = 16 * 16;
        var holes = new float[plane];
        for (int x = 0; x < 4; x++)
        {
            holes[(0 * 16) + x] = 1;                       // patch 0: 8 hole pixels (rows 0-1) -> visible
            holes[(1 * 16) + x] = 1;
            holes[(0 * 16) + 4 + x] = 1;                   // patch 1: 12 hole pixels (rows 0-2) -> removed
            holes[(1 * 16) + 4 + x] = 1;
            holes[(2 * 16) + 4 + x] = 1;
        }

        Assert.Equal([1], Indices(HolePatchSelection.PatchHoleFlags(holes, 1, config), 0));
        Assert.Equal([0, 1], Indices(HolePatchSelection.PatchHoleFlags(holes, 1, TrainerTestSetup.Config), 0));

        using var generator = new Generator(3);
        using var selection = HolePatchSelection.Create(holes, 1, config, CPU, generator);
        Assert.Equal(15, selection.KeptCount);
        using var loss = HolePatchSelection.LossPatches(holes, 1, config, selection.Mask);
        Assert.Equal([0, 1], Indices(loss.data<float>().ToArray(), 0)); // the visible patch 0 is filled, so it is scored

        // Hole pixels reach the encoder as pixel value 0, exactly what the runtime's patch gather feeds.
        using var images = ones(1, 3, 16, 16);
        using var blanked = HolePatchSelection.BlankHoles(images, holes, config);
        Assert.Equal((0f - config.Mean[1]) / config.Std[1], blanked[0, 1, 0, 0].item<float>(), 6);
        Assert.Equal(1f, blanked[0, 1, 2, 0].item<float>());
    }

    private static int[] Indices(float[] flags, int image) =>
        Enumerable.Range(0, 16).Where(p => flags[(image * 16) + p] != 0f).ToArray();
}
