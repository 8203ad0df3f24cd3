using System.Diagnostics;
using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.Editor.Soak;

/// <summary>
/// A long run on one device, as a host engine lives: frames with changing holes, frames in flight, the host's
/// images destroyed and re-created now and then (alternately with <see cref="FrameInpainter.ForgetImage"/> and
/// with a new <see cref="FrameImages.Generation"/>), and the inpainter itself disposed and re-created. Resident
/// memory, the managed heap and the runtime's live Vulkan objects are compared between the start (after the
/// first frames) and the end, in the same state.
/// </summary>
public static class SoakRunner
{
    /// <summary>Runs <paramref name="options"/> on <paramref name="context"/> with <paramref name="weights"/>; <paramref name="progress"/> (optional) hears about each cycle.</summary>
    public static SoakReport Run(GpuContext context, GpuWeights weights, string modelName, SoakOptions options, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var inpainterOptions = new FrameInpainterOptions { MaxWidth = options.Width, MaxHeight = options.Height, FramesInFlight = options.FramesInFlight };
        int errorsBefore = context.ValidationErrorCount;
        long start = Stopwatch.GetTimestamp();
        int cycleLength = options.Frames / options.InpainterCycles;
        int warmup = Math.Min(options.Frames, options.FramesInFlight + 1);
        int inpainters = 1, recreations = 0;
        long framesWithHoles = 0, lastSeen = -1;
        SoakSnapshot? first = null;
        var trace = new List<SoakSnapshot>();
        long traceEvery = Math.Max(1, options.Frames / 10);

        using var host = new SoakHost(context, options.Width, options.Height, options.FramesInFlight);
        var inpainter = new FrameInpainter(context, weights, inpainterOptions);
        try
        {
            for (long frame = 0; frame < options.Frames; frame++)
            {
                if (frame > 0 && frame % options.RecreateImagesEvery == 0)
                {
                    host.RecreateImages(inpainter, forgetFirst: recreations % 2 == 0);
                    recreations++;
                }

                if (frame > 0 && frame % cycleLength == 0 && inpainters < options.InpainterCycles)
                {
                    host.Drain();
                    Count(inpainter.UpdateStats(), ref framesWithHoles, ref lastSeen);
                    inpainter.Dispose();
                    inpainter = new FrameInpainter(context, weights, inpainterOptions);
                    lastSeen = -1; // the new inpainter numbers its frames from 0
                    inpainters++;
                    progress?.Invoke($"frame {frame}: inpainter {inpainters}/{options.InpainterCycles}, {context.LiveObjects} live Vulkan objects");
                }

                host.RunFrame(inpainter, frame);
                Count(inpainter.LatestStats, ref framesWithHoles, ref lastSeen);
                if (frame + 1 == warmup)
                {
                    host.Drain();
                    first = SoakSnapshot.Take(frame + 1, context);
                }
                else if ((frame + 1) % traceEvery == 0 && frame + 1 < options.Frames)
                {
                    // Live objects are only comparable in the same state: drained, so no view waits for release.
                    host.Drain();
                    trace.Add(SoakSnapshot.Take(frame + 1, context));
                }
            }

            host.Drain();
            Count(inpainter.UpdateStats(), ref framesWithHoles, ref lastSeen);
            var last = SoakSnapshot.Take(options.Frames, context);
            trace.Add(last);
            return new SoakReport(context.DeviceName, modelName, options, first!, last, inpainters, recreations, framesWithHoles,
                Stopwatch.GetElapsedTime(start).TotalSeconds, context.ValidationErrorCount - errorsBefore, trace);
        }
        finally
        {
            host.Drain();
            inpainter.Dispose();
        }
    }

    private static void Count(FrameStats? stats, ref long framesWithHoles, ref long lastSeen)
    {
        if (stats is not null && stats.FrameNumber != lastSeen)
        {
            lastSeen = stats.FrameNumber;
            if (stats.ActiveTiles > 0)
            {
                framesWithHoles++;
            }
        }
    }
}
