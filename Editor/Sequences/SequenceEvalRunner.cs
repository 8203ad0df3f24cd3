using System.Diagnostics;
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

    /// <summary>A runner for <paramref name="methods"/>, in report order.</summary>
    public SequenceEvalRunner(IReadOnlyList<ISequenceMethod> methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        _methods = methods;
    }

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
            foreach (var frame in source.Frames())
            {
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
