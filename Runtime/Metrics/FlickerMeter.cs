using MaeRealtime.Runtime.Frames;

namespace MaeRealtime.Runtime.Metrics;

/// <summary>
/// Temporal flicker of a filled sequence, the warping-error idea of Lai et al. 2018 ("Learning Blind Video Temporal
/// Consistency", E_warp) restricted to holes: for each pair of consecutive frames, the mean absolute change
/// |fill(t+1)(p) - fill(t)(p + motion(p))| over the pixels p that are holes in frame t+1 and whose previous position is
/// a hole in frame t, minus the same change of the ground truth (what the content itself does there), in 8-bit levels
/// averaged over R, G and B. 0 means the fill changes exactly as much as the truth; a fill that shimmers on a static
/// background scores its shimmer. One definition for every tool: mae eval --sequence, the viewer's on-screen figure
/// and the tests use this class.
/// </summary>
/// <remarks>
/// Feed frames in order with <see cref="Add"/>; <see cref="Reset"/> starts a new sequence (or follows a camera cut).
/// The previous position is p + motion (the runtime's default convention, <see cref="FrameFlags"/>), or p - motion
/// with <see cref="FrameFlags.MotionTowardsCurrent"/>; the previous fill and truth are sampled bilinearly there.
/// Pairs whose previous position leaves the frame are not counted.
/// </remarks>
public sealed class FlickerMeter
{
    private readonly int _width, _height;
    private readonly byte[] _previousFill, _previousTruth, _previousMask;
    private bool _hasPrevious, _previousHasTruth;
    private double _fillChange, _truthChange;

    /// <summary>A meter for <paramref name="width"/> x <paramref name="height"/> RGBA8 frames.</summary>
    public FlickerMeter(int width, int height)
    {
        if (width < 1 || height < 1)
        {
            throw new ArgumentException($"Frame size {width}x{height}: expected at least 1x1.");
        }

        _width = width;
        _height = height;
        _previousFill = new byte[width * height * 4];
        _previousTruth = new byte[width * height * 4];
        _previousMask = new byte[width * height];
    }

    /// <summary>Pixels counted so far (hole pixels of a frame whose previous position was a hole too).</summary>
    public long Pixels { get; private set; }

    /// <summary>Frame pairs counted so far.</summary>
    public int Pairs { get; private set; }

    /// <summary>Mean absolute change of the fill between consecutive frames inside the counted pixels, in 8-bit levels.</summary>
    public double FillChange => Pixels == 0 ? 0 : _fillChange / Pixels;

    /// <summary>Mean absolute change of the ground truth inside the same pixels (0 where no truth was given).</summary>
    public double TruthChange => Pixels == 0 ? 0 : _truthChange / Pixels;

    /// <summary>The flicker: <see cref="FillChange"/> - <see cref="TruthChange"/>, in 8-bit levels.</summary>
    public double Flicker => FillChange - TruthChange;

    /// <summary>Forgets the previous frame: the next <see cref="Add"/> starts a new pair chain (the totals stay).</summary>
    public void Reset() => _hasPrevious = false;

    /// <summary>
    /// Adds frame t+1: its filled RGBA8 pixels, its hole mask (hole where &gt;= 128), optionally its ground truth
    /// (RGBA8; empty: the truth is taken not to change) and motion vectors (x, y per pixel in pixels; empty: zero motion).
    /// </summary>
    public void Add(ReadOnlySpan<byte> fill, ReadOnlySpan<byte> mask, ReadOnlySpan<byte> truth = default, ReadOnlySpan<float> motion = default, FrameFlags flags = FrameFlags.None)
    {
        int pixels = _width * _height;
        Require("fill", fill.Length, pixels * 4);
        Require("mask", mask.Length, pixels);
        if (!truth.IsEmpty)
        {
            Require("truth", truth.Length, pixels * 4);
        }

        if (!motion.IsEmpty)
        {
            Require("motion", motion.Length, pixels * 2);
        }

        bool hasTruth = !truth.IsEmpty;
        if (_hasPrevious)
        {
            float sign = (flags & FrameFlags.MotionTowardsCurrent) != 0 ? -1f : 1f;
            for (int y = 0; y < _height; y++)
            {
                for (int x = 0; x < _width; x++)
                {
                    int i = (y * _width) + x;
                    if (mask[i] < 128)
                    {
                        continue;
                    }

                    float px = x, py = y;
                    if (!motion.IsEmpty)
                    {
                        px += sign * motion[2 * i];
                        py += sign * motion[(2 * i) + 1];
                    }

                    if (!(px >= 0 && py >= 0 && px <= _width - 1 && py <= _height - 1))
                    {
                        continue;
                    }

                    int nx = (int)MathF.Round(px), ny = (int)MathF.Round(py);
                    if (_previousMask[(ny * _width) + nx] < 128)
                    {
                        continue;
                    }

                    Pixels++;
                    _fillChange += MeanAbsChange(fill, i, _previousFill, px, py);
                    if (hasTruth && _previousHasTruth)
                    {
                        _truthChange += MeanAbsChange(truth, i, _previousTruth, px, py);
                    }
                }
            }

            Pairs++;
        }

        fill.CopyTo(_previousFill);
        mask.CopyTo(_previousMask);
        if (hasTruth)
        {
            truth.CopyTo(_previousTruth);
        }

        _previousHasTruth = hasTruth;
        _hasPrevious = true;
    }

    /// <summary>Mean over R, G, B of |current pixel i - previous sampled bilinearly at (px, py)|.</summary>
    private double MeanAbsChange(ReadOnlySpan<byte> current, int i, byte[] previous, float px, float py)
    {
        int x0 = (int)MathF.Floor(px), y0 = (int)MathF.Floor(py);
        int x1 = Math.Min(x0 + 1, _width - 1), y1 = Math.Min(y0 + 1, _height - 1);
        float fx = px - x0, fy = py - y0;
        double sum = 0;
        for (int c = 0; c < 3; c++)
        {
            float top = Lerp(previous[(((y0 * _width) + x0) * 4) + c], previous[(((y0 * _width) + x1) * 4) + c], fx);
            float bottom = Lerp(previous[(((y1 * _width) + x0) * 4) + c], previous[(((y1 * _width) + x1) * 4) + c], fx);
            sum += Math.Abs(current[(i * 4) + c] - Lerp(top, bottom, fy));
        }

        return sum / 3.0;
    }

    private static float Lerp(float a, float b, float t) => a + ((b - a) * t);

    private void Require(string what, int found, int expected)
    {
        if (found != expected)
        {
            throw new ArgumentException($"FlickerMeter: the {what} of a {_width}x{_height} frame needs {expected} values; found {found}.");
        }
    }
}
