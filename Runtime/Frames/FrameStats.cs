namespace MaeRealtime.Runtime.Frames;

/// <summary>
/// What the GPU did for one completed frame: how many tiles held holes, which ones, and per-stage GPU times.
/// One instance per <see cref="FrameInpainter"/>, refilled in place (reading it allocates nothing).
/// </summary>
public sealed class FrameStats
{
    private readonly int[] _tileSlots;
    private readonly int[] _encoderRows;
    private readonly int[] _queryRows;
    private readonly double[] _stageMs;

    internal FrameStats(int maxTiles, int stages)
    {
        _tileSlots = new int[maxTiles];
        _encoderRows = new int[maxTiles];
        _queryRows = new int[maxTiles];
        _stageMs = new double[stages];
    }

    /// <summary>Sequence number of the frame these statistics describe (0 = the first <see cref="FrameInpainter.Record"/>).</summary>
    public long FrameNumber { get; internal set; }

    /// <summary>The frame's tile grid.</summary>
    public FrameTileGrid Grid { get; internal set; }

    /// <summary>Tiles that held a hole pixel and ran through the model.</summary>
    public int ActiveTiles { get; internal set; }

    /// <summary>Per grid tile (row-major, <see cref="FrameTileGrid.Count"/> entries): its slot in the batch, or -1 when it had no hole.</summary>
    public ReadOnlySpan<int> TileSlots => _tileSlots.AsSpan(0, Grid.Count);

    /// <summary>
    /// Per grid tile, the encoder rows the GPU planned for it: the cls row plus its context patches (0: no hole, it did
    /// not run). Their sum over the frame is what the encoder computed.
    /// </summary>
    public ReadOnlySpan<int> EncoderRows => _encoderRows.AsSpan(0, Grid.Count);

    /// <summary>Per grid tile, its masked patches: the rows the masked-query decoder computed for it.</summary>
    public ReadOnlySpan<int> QueryRows => _queryRows.AsSpan(0, Grid.Count);

    /// <summary>Stage names (<see cref="FrameInpainter.StageNames"/>).</summary>
    public IReadOnlyList<string> StageNames => FrameInpainter.StageNames;

    /// <summary>GPU milliseconds per stage (0 when the queue has no timestamps).</summary>
    public ReadOnlySpan<double> StageMilliseconds => _stageMs;

    /// <summary>GPU milliseconds of the whole pass.</summary>
    public double GpuMilliseconds { get; internal set; }

    /// <summary>Whether recording this frame had to re-record the pass (new images or size); false in steady state.</summary>
    public bool Rerecorded { get; internal set; }

    internal int[] TileSlotStore => _tileSlots;

    internal int[] EncoderRowStore => _encoderRows;

    internal int[] QueryRowStore => _queryRows;

    internal double[] StageStore => _stageMs;
}
