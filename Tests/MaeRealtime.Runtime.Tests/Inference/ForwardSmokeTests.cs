using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Tests.Gpu;
using MaeRealtime.Runtime.Tests.Support;

namespace MaeRealtime.Runtime.Tests.Inference;

public sealed class ForwardSmokeTests(GpuFixture fixture) : GpuTest(fixture)
{
    [Fact]
    public void Forward_CopiesKnownPixelsExactly_AndFillsHolesWithFiniteValues()
    {
        var config = new MaeConfig { ImageSize = 32, PatchSize = 8, EmbedDim = 48, Depth = 2, NumHeads = 3, DecoderEmbedDim = 32, DecoderDepth = 1, DecoderNumHeads = 2 };
        using var dir = new TempDirectory();
        var file = WeightFile.Load(TestWeights.WriteRandom(config, seed: 1, dir.Path));
        using var weights = new GpuWeights(Context, file);
        using var forward = new MaeForward(Context, weights, maxTiles: 2);

        int s = config.ImageSize, tiles = 2;
        var rng = new Random(3);
        var images = Enumerable.Range(0, tiles * s * s * 3).Select(_ => (float)rng.NextDouble()).ToArray();
        var masks = new float[tiles * s * s];
        for (int y = 4; y < 20; y++)
        {
            for (int x = 10; x < 14; x++)
            {
                masks[(y * s) + x] = 1; // tile 0 only; tile 1 has no holes
            }
        }

        var masking = TileMasking.FromHoleMasks(config, masks, tiles);
        Assert.Equal(16 - 3, masking.Keep[0].Length); // rows 0..2 of column 1
        Assert.Equal(16, masking.Keep[1].Length);

        var output = new float[images.Length];
        var recon = new float[images.Length];
        forward.Run(images, masks, masking, output, recon);

        for (int i = 0; i < tiles * s * s; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                float o = output[(i * 3) + c];
                if (masks[i] >= 0.5f)
                {
                    Assert.InRange(o, 0f, 1f);
                    Assert.Equal(Math.Clamp(recon[(i * 3) + c], 0f, 1f), o);
                }
                else
                {
                    Assert.Equal(images[(i * 3) + c], o);
                }
            }
        }

        Assert.All(recon, v => Assert.True(float.IsFinite(v)));
        Assert.Contains(recon, v => v != 0);
    }

    [Fact]
    public void Forward_ChoosesTheKernelFamilyByDeviceType_UnlessMaeKernelsSaysOtherwise()
    {
        using var dir = new TempDirectory();
        var file = WeightFile.Load(TestWeights.WriteRandom(Reference.TinyModel.Config, seed: 1, dir.Path));
        using var weights = new GpuWeights(Context, file);
        using var forward = new MaeForward(Context, weights, maxTiles: 1);

        var expected = KernelSet.ParseOverride(Environment.GetEnvironmentVariable(KernelSet.EnvironmentVariable))
            ?? (Context.Properties.DeviceType == Silk.NET.Vulkan.PhysicalDeviceType.Cpu ? KernelFamily.Cpu : KernelFamily.Tiled);
        Assert.Equal(expected, forward.KernelFamily);
    }
}
