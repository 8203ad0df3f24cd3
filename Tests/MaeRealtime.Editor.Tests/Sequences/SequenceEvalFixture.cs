using MaeRealtime.Editor.Imaging;
using MaeRealtime.Editor.Sequences;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.Editor.Tests.Sequences;

/// <summary>
/// What the sequence eval tests share: one Vulkan device with the validation layer on (lavapipe in CI), a tiny
/// random-weight model (32 px tiles, patch 8), a folder of two generated photos, and a sequence folder with depth.
/// </summary>
public sealed class SequenceEvalFixture : IDisposable
{
    private readonly TempDirectory _files = new();

    public SequenceEvalFixture()
    {
        Context = GpuContext.Create(new GpuContextOptions { Validation = true, PipelineCacheDirectory = string.Empty });
        ModelPath = _files.File("tiny.maew");
        RandomWeights.Write(ModelPath, MaeConfigPresets.Get("tiny"), seed: 5);
        ImageFolder = _files.File("photos");
        Directory.CreateDirectory(ImageFolder);
        Photo(120, 90, 0).SaveAsPng(Path.Combine(ImageFolder, "a.png"));
        Photo(90, 100, 1).SaveAsPng(Path.Combine(ImageFolder, "b.png"));
        DepthFolder = _files.File("with-depth");
        var source = new DepthStaticSequence(new StaticSequence(SequenceTestData.NoisePhoto(70, 60, 8), 48, 40, 5, seed: 1));
        SequenceFolderWriter.Write(source, DepthFolder, SequenceDepth.Standard, "a still camera with depth");
    }

    public GpuContext Context { get; }

    public string ModelPath { get; }

    public string ImageFolder { get; }

    public string DepthFolder { get; }

    public string Root => _files.Path;

    public void Dispose()
    {
        Context.Dispose();
        _files.Dispose();
    }

    /// <summary>A smooth colour field with stripes, so fills differ between methods and frames.</summary>
    private static RgbImage Photo(int width, int height, int variant)
    {
        var image = new RgbImage(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = ((y * width) + x) * 3;
                bool stripe = ((x + (2 * y) + (7 * variant)) / 9) % 2 == 0;
                image.Pixels[i] = MathF.Round(255 * (0.2f + (0.6f * x / width))) / 255;
                image.Pixels[i + 1] = stripe ? 0.7f : 0.3f;
                image.Pixels[i + 2] = MathF.Round(255 * (0.5f + (0.4f * MathF.Sin((y + (5 * variant)) / 6f)))) / 255;
            }
        }

        return image;
    }
}
