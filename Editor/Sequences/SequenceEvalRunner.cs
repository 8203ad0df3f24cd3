using System.Diagnostics;
using MaeRealtime.Editor.Frames;
using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Metrics;

namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// Runs every method over every sequence, frame by frame in order: each frame is made (or read) once and handed to
/// every method, whose state (the runtime's history) carries from one frame to the next; then scored
/// (<see cref="SequenceScore"/>) against the truth and with a <see cref="FlickerMeter"/> per sequence and method.
/// </summary>
internal sealed class SequenceEvalRunner
{
    private readonly IReadOnlyList<ISequenceMethod> _methods;
    private readonly Func<int, int, FrameTileGrid>? _gridFor;

    /// <summary>
    /// A runner for <paramref name="methods"/>, in report order; with <paramref name="gridFor"/> (the frame pass's tile grid
    /// of a frame size) it also counts, per sequence kind, the active tiles a tile-reuse scheme could skip
    /// (<see cref="UnchangedTiles"/>, <see cref="Reuse"/>).
    /// </summary>
    public SequenceEvalRunner(IReadOnlyList<ISequenceMethod> methods, Func<int, int, FrameTileGrid>? gridFor = null)
    {
        ArgumentNullException.ThrowIfNull(methods);
        _methods = methods;
        _gridFor = gridFor;
    }

    /// <summary>Per sequence kind: active tiles summed over the frames after the first, and those whose inputs did not change.</summary>
    public Dictionary<string, (long Active, long Unchanged)> Reuse { get; } = [];

    /// <summary>Scores the methods on <paramref name="sources"/>; <paramref name="done"/> hears of each finished sequence (for progress).</summary>
    public IReadOnlyList<SequenceEvalRow> Run(IEnumerable<ISequenceSource> sources, Action<ISequenceSource>? done = null)
    {
        var rows = new List<SequenceEvalRow>();
        foreach (var source in sources)
        {
            var active = _methods.Where(m => m.Applies(source)).ToList();
            var scores = active.Select(m => Row(rows, source.Kind, m).Score).ToList();
            var meters = active.Select(_ => new FlickerMeter(source.Width, source.Height)).ToList();
            var output = new byte[source.Width * source.Height * 4];
            SequenceFrame? previous = null;
            foreach (var frame in source.Frames())
            {
                CountReuse(source, previous, frame);
                previous = frame;
                for (int k = 0; k < active.Count; k++)
                {
                    long start = Stopwatch.GetTimestamp();
                    active[k].Fill(frame, source.Width, source.Height, output);
                    scores[k].WallMilliseconds += Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    scores[k].GpuMilliseconds += active[k].LastGpuMilliseconds;
                    scores[k].AddFrame(output, frame.Mask, frame.Truth);
                    meters[k].Add(output, frame.Mask, frame.Truth, frame.Motion, frame.Flags);
                }
            }

            for (int k = 0; k < active.Count; k++)
            {
                scores[k].AddSequence(meters[k]);
            }

            done?.Invoke(source);
        }

        return rows;
    }

    /// <summary>Adds frame's active and unchanged tiles against the previous frame (any motion or a cut changes every tile).</summary>
    private void CountReuse(ISequenceSource source, SequenceFrame? previous, SequenceFrame frame)
    {
        if (_gridFor is null || previous is null)
        {
            return;
        }

        var grid = _gridFor(source.Width, source.Height);
        var (active, unchanged) = UnchangedTiles.Count(grid, frame.Color, frame.Mask, previous.Color, previous.Mask);
        bool still = (frame.Flags & FrameFlags.CameraCut) == 0 && (frame.Motion is null || Array.TrueForAll(frame.Motion, m => m == 0));
        Reuse.TryGetValue(source.Kind, out var sum);
        Reuse[source.Kind] = (sum.Active + active, sum.Unchanged + (still ? unchanged : 0));
    }

    private static SequenceEvalRow Row(List<SequenceEvalRow> rows, string kind, ISequenceMethod method)
    {
        var row = rows.FirstOrDefault(r => r.Kind == kind && r.Method == method.Name);
        if (row is null)
        {
            row = new SequenceEvalRow(kind, method.Name, method.DisplayName, new SequenceScore());
            rows.Add(row);
        }

        return row;
    }
}
