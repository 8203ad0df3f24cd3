using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Frames;

/// <summary>
/// The per-frame-in-flight resources of a <see cref="FrameInpainter"/>: the set-1 descriptor set, the
/// secondary command buffer holding the whole recorded pass, its timestamps and a host-visible copy of the
/// frame's tile count and tile map, and the frame's parameters. A slot is reused every FramesInFlight frames, when its last use has completed.
/// </summary>
internal sealed class FrameSlot : IDisposable
{
    public FrameSlot(GpuContext context, DescriptorSet set, CommandBuffer commands, int timerMarks, int maxTiles)
    {
        Set = set;
        Commands = commands;
        Timer = new FrameTimer(context, timerMarks);
        RowsOffset = (ulong)(1 + maxTiles) * sizeof(uint);
        QueryOffset = (ulong)(((1 + (3 * maxTiles)) * sizeof(uint)) + 7) & ~7UL;
        try
        {
            Stats = new GpuBuffer(context, QueryOffset + ((ulong)timerMarks * 2 * sizeof(ulong)), "frame-stats", 0, requireHostVisible: true);
            Params = new GpuBuffer(context, 64, "frame-params", 0, requireHostVisible: true);
        }
        catch
        {
            Stats?.Dispose();
            Timer.Dispose();
            throw;
        }

        StatsWords = new uint[1 + (3 * maxTiles)];
        QueryWords = new ulong[timerMarks * 2];
    }

    public DescriptorSet Set { get; }

    public CommandBuffer Commands { get; }

    public FrameTimer Timer { get; }

    /// <summary>
    /// Tile count then the tile map, copied at the end of the pass, then (at <see cref="RowsOffset"/>) each grid tile's
    /// planned encoder and query rows, then (at <see cref="QueryOffset"/>) the timestamps with their availability words.
    /// </summary>
    public GpuBuffer Stats { get; }

    public uint[] StatsWords { get; }

    /// <summary>This slot's <see cref="FrameParams"/>, written by each Record (host-visible, 64 bytes).</summary>
    public GpuBuffer Params { get; }

    /// <summary>Byte offset of the per-grid-tile row counts (encoder rows, query rows) in <see cref="Stats"/>.</summary>
    public ulong RowsOffset { get; }

    /// <summary>Byte offset of the timestamp results in <see cref="Stats"/>.</summary>
    public ulong QueryOffset { get; }

    /// <summary>Host copy of the timestamp results (value, availability per mark); zeros clear them before a frame.</summary>
    public ulong[] QueryWords { get; }

    /// <summary>What the command buffer and set were recorded for; null before the first frame.</summary>
    public FrameRecordingKey? Recorded { get; set; }

    /// <summary>Whether the last frame had to re-record the pass.</summary>
    public bool Rerecorded { get; set; }

    /// <summary>Frame number of the last frame recorded into this slot; -1 before the first.</summary>
    public long FrameNumber { get; set; } = -1;

    public void Dispose()
    {
        Timer.Dispose();
        Stats.Dispose();
        Params.Dispose();
    }
}
