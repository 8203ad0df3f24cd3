using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.Viewer.Models;

/// <summary>
/// One weight file on the GPU and the frame pass built on it. Reloading or swapping the model builds a new one
/// and disposes the old once the device is idle; the frame images stay.
/// </summary>
internal sealed class LoadedModel : IDisposable
{
    private LoadedModel(string path, GpuWeights weights, FrameInpainter inpainter, bool history)
    {
        Path = path;
        History = history;
        Weights = weights;
        Inpainter = inpainter;
    }

    /// <summary>The weight file's path.</summary>
    public string Path { get; }

    public GpuWeights Weights { get; }

    public FrameInpainter Inpainter { get; }

    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>Whether the frame pass keeps a temporal history (<see cref="FrameInpainterOptions.History"/>).</summary>
    public bool History { get; }

    /// <summary>
    /// Loads and validates <paramref name="path"/>, uploads it and builds a frame pass for frames up to the given size,
    /// with a temporal history when <paramref name="history"/>.
    /// </summary>
    /// <exception cref="WeightFileException">The file is not a valid weight file (the message says what is wrong).</exception>
    public static LoadedModel Load(GpuContext context, string path, int frameWidth, int frameHeight, int framesInFlight, bool history)
    {
        var file = WeightFile.Load(path);
        var weights = new GpuWeights(context, file);
        try
        {
            var options = new FrameInpainterOptions
            {
                MaxWidth = frameWidth,
                MaxHeight = frameHeight,
                FramesInFlight = framesInFlight,
                Reconstruction = true,
                History = history,
            };
            return new LoadedModel(path, weights, new FrameInpainter(context, weights, options), history);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Inpainter.Dispose();
        Weights.Dispose();
    }
}
