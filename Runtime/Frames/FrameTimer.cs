using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Frames;

/// <summary>
/// Timestamps of one frame slot: a mark after each stage of each model pass, every interval attributed to one
/// of <see cref="FrameInpainter.StageNames"/> and summed when read. The pass copies the results into the
/// slot's host-visible statistics buffer; a frame whose copy has not landed yet is simply not reported.
/// </summary>
internal sealed unsafe class FrameTimer : IStageMarks, IDisposable
{
    /// <summary>Indices into <see cref="FrameInpainter.StageNames"/> of the stages the frame pass marks itself.</summary>
    public const int PlanStage = 0, TileIoStage = 1, BlendStage = 7;

    /// <summary>Frame stage index of each model stage (<see cref="Inference.MaeForward.StageNames"/>).</summary>
    private const int FirstModelStage = 2;

    private readonly GpuContext _context;
    private readonly QueryPool _pool;
    private readonly int[] _stageOfMark;
    private int _marks;

    public FrameTimer(GpuContext context, int capacity)
    {
        _context = context;
        _stageOfMark = new int[capacity];
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

    /// <summary>Marks written by the last recording.</summary>
    public int Marks => _marks;

    /// <summary>
    /// Records a copy of the marks' values and availability (two u64 per mark) into <paramref name="buffer"/> at
    /// <paramref name="offset"/>. The host then reads plain memory: on Mesa's lavapipe vkGetQueryPoolResults
    /// waits for the whole device to go idle, which would stall a host with frames in flight.
    /// </summary>
    public void CopyResults(CommandBuffer cmd, Silk.NET.Vulkan.Buffer buffer, ulong offset)
    {
        if (Enabled && _marks > 0)
        {
            _context.Vk.CmdCopyQueryPoolResults(cmd, _pool, 0, (uint)_marks, buffer, offset, 2 * sizeof(ulong), QueryResultFlags.Result64Bit | QueryResultFlags.ResultWithAvailabilityBit | QueryResultFlags.ResultWaitBit);
        }
    }

    /// <summary>
    /// Sums the intervals of <paramref name="results"/> (as <see cref="CopyResults"/> wrote them) into
    /// <paramref name="stageMs"/>; false while any mark's availability word is still 0 (the frame is pending).
    /// </summary>
    public bool TryRead(ReadOnlySpan<ulong> results, double[] stageMs, out double totalMs)
    {
        totalMs = 0;
        if (!Enabled || _marks < 2)
        {
            return false;
        }

        for (int i = 0; i < _marks; i++)
        {
            if (results[(2 * i) + 1] == 0)
            {
                return false; // pending: leave stageMs (the latest completed frame's) untouched
            }
        }

        Array.Clear(stageMs);

        for (int i = 1; i < _marks; i++)
        {
            double ms = _context.TimestampIntervalMs(results[2 * (i - 1)], results[2 * i]);
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
