using System.Runtime.InteropServices;

namespace MaeRealtime.Editor.Bench;

/// <summary>
/// CPU time of the calling thread (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>), so the bench can tell the
/// CPU a call used from the wall time it took; on a CPU Vulkan driver the "GPU" competes with the recording thread
/// for the same cores, and wall time counts that preemption too. Allocates nothing.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTime = 3;

    /// <summary>Whether the clock is available (Linux).</summary>
    public static bool Available { get; } = OperatingSystem.IsLinux() && Probe();

    /// <summary>Nanoseconds of CPU time the calling thread has used (0 when not <see cref="Available"/>).</summary>
    public static long Nanoseconds()
    {
        if (!Available || ClockGetTime(ClockThreadCpuTime, out var t) != 0)
        {
            return 0;
        }

        return (t.Seconds * 1_000_000_000L) + t.Nanoseconds;
    }

    private static bool Probe()
    {
        try
        {
            return ClockGetTime(ClockThreadCpuTime, out _) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
