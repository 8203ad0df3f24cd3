using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.Training.Eval;

/// <summary>
/// The model as an eval method, run through the product's Vulkan frame pass (<see cref="ImageInpainter"/>),
/// not TorchSharp, so the eval scores what ships: overlapping tiles blended across their overlap, only tiles
/// holding holes run, known pixels copied exactly. Crops of any size; values go through 8-bit RGBA as a
/// renderer's frame would.
/// </summary>
public sealed class MaeFrameFill : IInpaintBaseline, IDisposable
{
    private readonly GpuWeights _weights;
    private readonly ImageInpainter _inpainter;
    private readonly byte[] _rgba, _mask, _output;

    /// <summary>Uploads <paramref name="weights"/> to <paramref name="context"/> and prepares the frame pass for <paramref name="cropSize"/> square crops.</summary>
    public MaeFrameFill(GpuContext context, WeightFile weights, int cropSize, int? overlap = null, int? contextRadius = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfLessThan(cropSize, 1);
        CropSize = cropSize;
        _weights = new GpuWeights(context, weights);
        try
        {
            _inpainter = new ImageInpainter(context, _weights, new FrameInpainterOptions { MaxWidth = cropSize, MaxHeight = cropSize, TileOverlap = overlap, ContextRadius = contextRadius });
        }
        catch
        {
            _weights.Dispose();
            throw;
        }

        _rgba = new byte[cropSize * cropSize * 4];
        _mask = new byte[cropSize * cropSize];
        _output = new byte[_rgba.Length];
    }

    /// <inheritdoc />
    public string Name => "mae";

    /// <inheritdoc />
    public string DisplayName => "MAE (Vulkan)";

    /// <summary>The crop size every <see cref="Fill"/> takes.</summary>
    public int CropSize { get; }

    /// <summary>Tiles of a crop's grid (only those holding holes run).</summary>
    public int TilesPerCrop => _inpainter.Frames.GridFor(CropSize, CropSize).Count;

    /// <summary>Pixels neighbouring tiles share.</summary>
    public int Overlap => _inpainter.Frames.Overlap;

    /// <summary>The context radius the encoder runs with (0: every visible patch).</summary>
    public int ContextRadius => _inpainter.Frames.ContextRadius;

    /// <summary>The kernels the frame pass runs: the family, and "fp16" or "fp32" activations (<c>MAE_KERNELS</c>, <c>MAE_ACTIVATIONS</c>).</summary>
    public string Kernels => $"{_inpainter.Frames.KernelFamily}, {(_inpainter.Frames.HalfActivations ? "fp16" : "fp32")} activations";

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

        int pixels = width * height;
        for (int i = 0; i < pixels; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                _rgba[(i * 4) + c] = (byte)MathF.Round(Math.Clamp(image[(i * 3) + c], 0f, 1f) * 255f);
            }

            _rgba[(i * 4) + 3] = 255;
            _mask[i] = holes[i] >= 0.5f ? (byte)255 : (byte)0;
        }

        _inpainter.Inpaint(_rgba, _mask, width, height, _output);
        LastGpuMilliseconds = _inpainter.Frames.LatestStats?.GpuMilliseconds ?? 0;
        for (int i = 0; i < pixels; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                // Known pixels stay the caller's exact values; holes take the 8-bit fill.
                output[(i * 3) + c] = holes[i] >= 0.5f ? _output[(i * 4) + c] / 255f : image[(i * 3) + c];
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _inpainter.Dispose();
        _weights.Dispose();
    }
}
