namespace MaeRealtime.Viewer;

/// <summary>
/// Frame-time bookkeeping: a smoothed value for the overlay, and totals over the frames that ran the inpaint
/// pass (the frame rate while painting) for the summary printed at exit.
/// </summary>
internal sealed class FrameTimes
{
    private double _smoothed;
    private double _totalMs;
    private double _inpaintMs;
    private double _gpuMs;
    private double _tiles;
    private int _gpuSamples;

    /// <summary>Frames presented.</summary>
    public int Frames { get; private set; }

    /// <summary>Frames that recorded the inpaint pass.</summary>
    public int InpaintFrames { get; private set; }

    /// <summary>Exponentially smoothed frame time in milliseconds (about the last ten frames).</summary>
    public double SmoothedMs => _smoothed;

    /// <summary>Records a presented frame that took <paramref name="ms"/> from input handling to present.</summary>
    public void Add(double ms, bool inpainted)
    {
        Frames++;
        _totalMs += ms;
        _smoothed = _smoothed == 0 ? ms : (_smoothed * 0.9) + (ms * 0.1);
        if (inpainted)
        {
            InpaintFrames++;
            _inpaintMs += ms;
        }
    }

    /// <summary>Records the GPU time and active tiles of a completed inpaint frame.</summary>
    public void AddGpu(double gpuMs, int activeTiles)
    {
        _gpuSamples++;
        _gpuMs += gpuMs;
        _tiles += activeTiles;
    }

    /// <summary>One line for the exit summary.</summary>
    public string Summary()
    {
        string all = Frames > 0 ? $"{Frames} frames ({_totalMs / Frames:F1} ms each on average)" : "no frames";
        if (InpaintFrames == 0)
        {
            return $"{all}, none ran the inpaint pass";
        }

        double ms = _inpaintMs / InpaintFrames;
        string gpu = _gpuSamples > 0 ? $", GPU {_gpuMs / _gpuSamples:F1} ms and {_tiles / _gpuSamples:F1} active tiles per pass" : string.Empty;
        string rest = InpaintFrames < Frames ? $"; the other {Frames - InpaintFrames}: {(_totalMs - _inpaintMs) / (Frames - InpaintFrames):F1} ms" : string.Empty;
        return $"{all}, {InpaintFrames} with the inpaint pass: {ms:F1} ms per frame ({1000 / ms:F1} fps){gpu}{rest}";
    }
}
