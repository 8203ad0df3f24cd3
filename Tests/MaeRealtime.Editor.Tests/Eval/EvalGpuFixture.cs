using MaeRealtime.Editor.Imaging;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;
using MaeRealtime.Training.Export;
using MaeRealtime.Training.Model;
using TorchSharp;

namespace MaeRealtime.Editor.Tests.Eval;

/// <summary>
/// What the eval tests share: one Vulkan device with the validation layer on (lavapipe in CI), a tiny
/// random-weight model exported by the trainer's exporter (32 px tiles, patch 8), and a folder of two
/// generated images, one in a subfolder.
/// </summary>
public sealed class EvalGpuFixture : IDisposable
{
    private readonly TempDirectory _files = new();

    public EvalGpuFixture()
    {
        Context = GpuContext.Create(new GpuContextOptions { Validation = true, PipelineCacheDirectory = string.Empty });
        Config = new MaeConfig
        {
            ImageSize = 32,
            PatchSize = 8,
            EmbedDim = 32,
            Depth = 2,
            NumHeads = 2,
            DecoderEmbedDim = 16,
            DecoderDepth = 1,
            DecoderNumHeads = 2,
        };
        ModelPath = _files.File("tiny.maew");
        torch.manual_seed(5);
        using (var model = new MaeModel(Config))
        {
            WeightExporter.Export(model, ModelPath);
        }

        ImageFolder = _files.File("images");
        Directory.CreateDirectory(Path.Combine(ImageFolder, "sub"));
        Picture(80, 72, 0).SaveAsPng(Path.Combine(ImageFolder, "a.png"));
        Picture(64, 96, 1).SaveAsPng(Path.Combine(ImageFolder, "sub", "b.png"));
    }

    public GpuContext Context { get; }

    public MaeConfig Config { get; }

    public string ModelPath { get; }

    public string ImageFolder { get; }

    public string Root => _files.Path;

    public void Dispose()
    {
        Context.Dispose();
        _files.Dispose();
    }

    /// <summary>A smooth colour field with a few edges, so fills differ between methods.</summary>
    private static RgbImage Picture(int width, int height, int variant)
    {
        var image = new RgbImage(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = ((y * width) + x) * 3;
                bool stripe = ((x + (2 * y) + (7 * variant)) / 11) % 2 == 0;
                image.Pixels[i] = MathF.Round(255 * (0.2f + (0.6f * x / width))) / 255;
                image.Pixels[i + 1] = MathF.Round(255 * (stripe ? 0.7f : 0.3f)) / 255;
                image.Pixels[i + 2] = MathF.Round(255 * (0.5f + (0.4f * MathF.Sin((y + (5 * variant)) / 6f)))) / 255;
            }
        }

        return image;
    }
}
