using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.Training.Eval;

/// <summary>
/// The model as an eval method, run through the Vulkan runtime (<see cref="MaeForward"/>), not TorchSharp,
/// so the eval scores what ships. A crop larger than the model's tile is cut into non-overlapping
/// tile-sized pieces that run as one batch; a patch with any hole pixel is masked and the GPU composite
/// keeps known pixels exact. Holes that cross a tile border are filled by each tile on its own, which
/// can leave seams: the frame pipeline with overlapping tiles (blended) will replace this cut.
/// </summary>
public sealed class MaeTiledFill : IInpaintBaseline, IDisposable
{
    private readonly GpuWeights _weights;
    private readonly MaeForward _forward;
    private readonly int _tilesPerSide;
    private readonly float[] _tileImages, _tileHoles, _tileOutput;

    /// <summary>Uploads <paramref name="weights"/> to <paramref name="context"/> and prepares one batch for a <paramref name="cropSize"/> square crop.</summary>
    public MaeTiledFill(GpuContext context, WeightFile weights, int cropSize)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(weights);
        int tile = weights.Config.ImageSize;
        if (cropSize < tile || cropSize % tile != 0)
        {
            throw new ArgumentException($"Crop size {cropSize} is not a multiple of the model's {tile}x{tile} tile.", nameof(cropSize));
        }

        CropSize = cropSize;
        _tilesPerSide = cropSize / tile;
        int tiles = _tilesPerSide * _tilesPerSide;
        _weights = new GpuWeights(context, weights);
        try
        {
            _forward = new MaeForward(context, _weights, tiles);
        }
        catch
        {
            _weights.Dispose();
            throw;
        }

        _tileImages = new float[tiles * tile * tile * 3];
        _tileHoles = new float[tiles * tile * tile];
        _tileOutput = new float[_tileImages.Length];
    }

    /// <inheritdoc />
    public string Name => "mae";

    /// <inheritdoc />
    public string DisplayName => "MAE (Vulkan)";

    /// <summary>The crop size every <see cref="Fill"/> takes.</summary>
    public int CropSize { get; }

    /// <summary>Tiles per crop, run as one batch.</summary>
    public int TilesPerCrop => _tilesPerSide * _tilesPerSide;

    /// <summary>The model's config.</summary>
    public MaeConfig Config => _weights.Config;

    /// <summary>GPU time of the last fill in milliseconds (0 when the device has no timestamps).</summary>
    public double LastGpuMilliseconds { get; private set; }

    /// <inheritdoc />
    public void Fill(ReadOnlySpan<float> image, ReadOnlySpan<float> holes, int width, int height, Span<float> output)
    {
        FillArguments.Check(image, holes, width, height, output);
        if (width != CropSize || height != CropSize)
        {
            throw new ArgumentException($"Expected a {CropSize}x{CropSize} crop, got {width}x{height}.");
        }

        int s = Config.ImageSize, n = _tilesPerSide;
        for (int t = 0; t < n * n; t++)
        {
            int x0 = t % n * s, y0 = t / n * s;
            for (int y = 0; y < s; y++)
            {
                int src = ((y0 + y) * width) + x0, dst = ((t * s) + y) * s;
                image.Slice(src * 3, s * 3).CopyTo(_tileImages.AsSpan(dst * 3, s * 3));
                holes.Slice(src, s).CopyTo(_tileHoles.AsSpan(dst, s));
            }
        }

        var masking = TileMasking.FromHoleMasks(Config, _tileHoles, n * n);
        _forward.Run(_tileImages, _tileHoles, masking, _tileOutput);
        LastGpuMilliseconds = _forward.Timer.TotalMilliseconds;

        for (int t = 0; t < n * n; t++)
        {
            int x0 = t % n * s, y0 = t / n * s;
            for (int y = 0; y < s; y++)
            {
                int dst = ((y0 + y) * width) + x0, src = ((t * s) + y) * s;
                _tileOutput.AsSpan(src * 3, s * 3).CopyTo(output.Slice(dst * 3, s * 3));
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _forward.Dispose();
        _weights.Dispose();
    }
}
