using MaeRealtime.Runtime.Metrics;

namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// The scores of one method on one kind of sequence, pooled over its sequences and frames: hole PSNR over every hole
/// pixel of every frame (one MSE over all of them, on 8-bit values, as <see cref="Training.Eval.HoleMetrics.Psnr"/>
/// takes it for one image; pooled rather than averaged per frame, so frames with tiny holes do not weigh as much as
/// frames with large ones), and the flicker of <see cref="FlickerMeter"/>, the one definition, pooled by its counted pixels.
/// </summary>
internal sealed class SequenceScore
{
    private double _squaredError, _fillChange, _truthChange;
    private long _values;

    /// <summary>Sequences scored.</summary>
    public int Sequences { get; private set; }

    /// <summary>Frames filled.</summary>
    public int Frames { get; private set; }

    /// <summary>Hole pixels scored for PSNR (frames with a ground truth).</summary>
    public long HolePixels => _values / 3;

    /// <summary>Pixels the flicker was measured on (holes whose previous position was a hole too).</summary>
    public long FlickerPixels { get; private set; }

    /// <summary>Wall time of the fills, in milliseconds.</summary>
    public double WallMilliseconds { get; set; }

    /// <summary>GPU time of the fills, in milliseconds (0 for CPU methods).</summary>
    public double GpuMilliseconds { get; set; }

    /// <summary>Hole PSNR in dB; NaN without a ground truth or holes, +infinity for exact fills.</summary>
    public double Psnr
    {
        get
        {
            if (_values == 0)
            {
                return double.NaN;
            }

            double mse = _squaredError / _values / (255.0 * 255.0);
            return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(1 / mse);
        }
    }

    /// <summary>Mean change of the fill between frames inside the counted pixels (8-bit levels).</summary>
    public double FillChange => FlickerPixels == 0 ? double.NaN : _fillChange / FlickerPixels;

    /// <summary>Mean change of the truth in the same pixels (8-bit levels).</summary>
    public double TruthChange => FlickerPixels == 0 ? double.NaN : _truthChange / FlickerPixels;

    /// <summary>The flicker (<see cref="FlickerMeter.Flicker"/>), pooled: <see cref="FillChange"/> - <see cref="TruthChange"/>.</summary>
    public double Flicker => FillChange - TruthChange;

    /// <summary>Adds a filled frame's hole error against its <paramref name="truth"/> (nothing when null).</summary>
    public void AddFrame(ReadOnlySpan<byte> fill, ReadOnlySpan<byte> mask, ReadOnlySpan<byte> truth)
    {
        Frames++;
        if (truth.IsEmpty)
        {
            return;
        }

        for (int i = 0; i < mask.Length; i++)
        {
            if (mask[i] < 128)
            {
                continue;
            }

            for (int c = 0; c < 3; c++)
            {
                int d = fill[(i * 4) + c] - truth[(i * 4) + c];
                _squaredError += d * d;
            }

            _values += 3;
        }
    }

    /// <summary>Adds one finished sequence's flicker.</summary>
    public void AddSequence(FlickerMeter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        Sequences++;
        FlickerPixels += meter.Pixels;
        _fillChange += meter.FillChange * meter.Pixels;
        _truthChange += meter.TruthChange * meter.Pixels;
    }
}
