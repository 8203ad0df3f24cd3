using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Vulkan;

/// <summary>
/// GPU timestamps around named stages of a pass: a query pool written in the command buffer, read after
/// the pass completed. Stage names are fixed at creation so marking a stage allocates nothing.
/// </summary>
public sealed unsafe class GpuTimer : IDisposable, IStageMarks
{
    private readonly GpuContext _context;
    private readonly QueryPool _pool;
    private readonly ulong[] _ticks;
    private readonly double[] _stageMs;
    private int _written;

    /// <summary>Creates a timer for <paramref name="stages"/> (each marked at its end, after a start mark).</summary>
    public GpuTimer(GpuContext context, IReadOnlyList<string> stages)
    {
        _context = context;
        Stages = stages;
        _ticks = new ulong[stages.Count + 1];
        _stageMs = new double[stages.Count];
        Enabled = context.TimestampsSupported;
        if (!Enabled)
        {
            return;
        }

        var info = new QueryPoolCreateInfo { SType = StructureType.QueryPoolCreateInfo, QueryType = QueryType.Timestamp, QueryCount = (uint)_ticks.Length };
        QueryPool pool;
        context.Vk.CreateQueryPool(context.Device, &info, null, &pool).Check();
        _pool = pool;
    }

    /// <summary>The stage names, in order.</summary>
    public IReadOnlyList<string> Stages { get; }

    /// <summary>False when the queue has no timestamp support; marks are then no-ops and times stay 0.</summary>
    public bool Enabled { get; }

    /// <summary>Milliseconds per stage of the last completed pass (index as <see cref="Stages"/>).</summary>
    public IReadOnlyList<double> StageMilliseconds => _stageMs;

    /// <summary>Total milliseconds from the start mark to the last stage's end.</summary>
    public double TotalMilliseconds => _stageMs.Sum();

    /// <summary>Resets the queries and writes the start mark.</summary>
    internal void Begin(CommandBuffer cmd)
    {
        _written = 0;
        if (!Enabled)
        {
            return;
        }

        _context.Vk.CmdResetQueryPool(cmd, _pool, 0, (uint)_ticks.Length);
        _context.Vk.CmdWriteTimestamp(cmd, PipelineStageFlags.TopOfPipeBit, _pool, 0);
        _written = 1;
    }

    /// <summary>Marks the end of stage <paramref name="stage"/> (index into <see cref="Stages"/>); stages must be marked in order.</summary>
    internal void EndStage(CommandBuffer cmd, int stage)
    {
        if (!Enabled || _written == 0)
        {
            return;
        }

        if (stage + 1 != _written)
        {
            throw new InvalidOperationException($"GPU timer: stage '{Stages[stage]}' marked out of order.");
        }

        _context.Vk.CmdWriteTimestamp(cmd, PipelineStageFlags.BottomOfPipeBit, _pool, (uint)_written);
        _written++;
    }

    void IStageMarks.EndStage(CommandRecorder rec, int stage) => EndStage(rec.CommandBuffer, stage);

    /// <summary>Reads the timestamps after the pass's fence signalled; converts ticks to milliseconds.</summary>
    internal void Resolve()
    {
        if (!Enabled || _written < 2)
        {
            return;
        }

        fixed (ulong* p = _ticks)
        {
            _context.Vk.GetQueryPoolResults(_context.Device, _pool, 0, (uint)_written, (nuint)(_written * sizeof(ulong)), p, sizeof(ulong), QueryResultFlags.Result64Bit | QueryResultFlags.ResultWaitBit).Check();
        }

        for (int i = 0; i + 1 < _written; i++)
        {
            _stageMs[i] = _context.TimestampIntervalMs(_ticks[i], _ticks[i + 1]);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Enabled)
        {
            _context.Vk.DestroyQueryPool(_context.Device, _pool, null);
        }
    }
}
