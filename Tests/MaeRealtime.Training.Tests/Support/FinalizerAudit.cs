using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace MaeRealtime.Training.Tests.Support;

/// <summary>
/// Counts objects the garbage collector finalizes, by type, from the runtime's FinalizeObject events. A TorchSharp
/// Scalar or Tensor that reaches its finalizer was never disposed: exactly the kind of object that can be freed
/// while libtorch still uses it (see KeptScalars). Process-wide, so use it only in tests that run alone.
/// </summary>
internal sealed class FinalizerAudit : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly ConcurrentDictionary<ulong, int> _byType = new();

    /// <summary>Forgets what was counted so far.</summary>
    public void Reset() => _byType.Clear();

    /// <summary>
    /// Collects garbage, runs finalizers and waits until the events of everything finalized so far have arrived
    /// (a sentinel object finalized last is seen), then returns the count for <paramref name="type"/>.
    /// </summary>
    public int FinalizedAfterCollect(Type type)
    {
        CreateSentinel();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (Count(typeof(Sentinel)) == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("No FinalizeObject events arrived: the runtime event source is not available.");
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            Thread.Sleep(50);
        }

        return Count(type);
    }

    /// <summary>Finalized objects of exactly <paramref name="type"/> counted so far.</summary>
    public int Count(Type type) => _byType.TryGetValue((ulong)type.TypeHandle.Value, out int n) ? n : 0;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == RuntimeSource)
        {
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName == "FinalizeObject" && e.Payload is { Count: > 0 })
        {
            ulong typeId = e.Payload[0] switch
            {
                IntPtr p => (ulong)(long)p,
                UIntPtr u => (ulong)u,
                var o => Convert.ToUInt64(o, System.Globalization.CultureInfo.InvariantCulture),
            };
            _byType.AddOrUpdate(typeId, 1, (_, n) => n + 1);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void CreateSentinel() => _ = new Sentinel();

    private sealed class Sentinel
    {
        ~Sentinel()
        {
        }
    }
}
