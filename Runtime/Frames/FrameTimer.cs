using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Frames;

/// <summary>
/// Timestamps of one frame slot: a mark after each stage of each model pass, every interval attributed to one
/// of <see cref="FrameInpainter.StageNames"/> and summed when read. Read without waiting: a frame whose
/// queries are not available yet is simply not reported.
/// </summary>
internal sealed unsafe class FrameTimer : IStageMarks, IDisposable
{
    /// <summary>Frame stage index of each model stage (<see cref="Inference.MaeForward.StageNames"/>).</summary>
    private const int FirstModelStage = 2;

    private readonly GpuContext _context;
    private readonly QueryPool _pool;
    private readonly int[] _stageOfMark;
    private readonly ulong[] _ticks;
    private int _marks;

    public FrameTimer(GpuContext context, int capacity)
    {
        _context = context;
        _stageOfMark = new int[capacity];
        _ticks = new ulong[capacity * 2];
        Enabled = context.TimestampsSupported;
        if (Enabled)
        {
            var info = new QueryPoolCreateInfo { SType = StructureType.QueryPoolCreateInfo, QueryType = QueryType.Timestamp, QueryCount = (uint)capacity };
            QueryPool pool;
            context.Vk.CreateQueryPool(context.Device, &info, null, &pool).Check();
            _pool = pool;
        }
    }

    public bool Enabled { get; }

    public void Begin(CommandBuffer cmd)
    {
        _marks = 0;
        if (!Enabled)
        {
            return;
        }

        _context.Vk.CmdResetQueryPool(cmd, _pool, 0, (uint)_stageOfMark.Length);
        Mark(cmd, -1);
    }

    /// <summary>The interval ending here belongs to frame stage <paramref name="stage"/>.</summary>
    public void Mark(CommandBuffer cmd, int stage)
    {
        if (!Enabled)
        {
            return;
        }

        if (_marks == _stageOfMark.Length)
        {
            throw new InvalidOperationException($"Frame timer: more than {_stageOfMark.Length} marks.");
        }

        _stageOfMark[_marks] = stage;
        _context.Vk.CmdWriteTimestamp(cmd, _marks == 0 ? PipelineStageFlags.TopOfPipeBit : PipelineStageFlags.BottomOfPipeBit, _pool, (uint)_marks);
        _marks++;
    }

    void IStageMarks.EndStage(CommandRecorder rec, int stage)
    {
        if (!rec.Capturing)
        {
            Mark(rec.CommandBuffer, FirstModelStage + stage);
        }
    }

    /// <summary>Sums the intervals into <paramref name="stageMs"/> if the last recorded frame's queries are all available.</summary>
    public bool TryRead(double[] stageMs, out double totalMs)
    {
        totalMs = 0;
        Array.Clear(stageMs);
        if (!Enabled || _marks < 2)
        {
            return false;
        }

        // Value and availability word per query; no wait: a frame still in flight reports nothing.
        fixed (ulong* p = _ticks)
        {
            var r = _context.Vk.GetQueryPoolResults(_context.Device, _pool, 0, (uint)_marks, (nuint)(_marks * 2 * sizeof(ulong)), p, 2 * sizeof(ulong), QueryResultFlags.Result64Bit | QueryResultFlags.ResultWithAvailabilityBit);
            if (r != Result.Success && r != Result.NotReady)
            {
                r.Check("vkGetQueryPoolResults");
            }
        }

        for (int i = 0; i < _marks; i++)
        {
            if (_ticks[(2 * i) + 1] == 0)
            {
                return false;
            }
        }

        double period = _context.Properties.Limits.TimestampPeriod / 1e6;
        for (int i = 1; i < _marks; i++)
        {
            double ms = (_ticks[2 * i] - _ticks[2 * (i - 1)]) * period;
            stageMs[_stageOfMark[i]] += ms;
            totalMs += ms;
        }

        return true;
    }

    public void Dispose()
    {
        if (Enabled)
        {
            _context.Vk.DestroyQueryPool(_context.Device, _pool, null);
        }
    }
}
