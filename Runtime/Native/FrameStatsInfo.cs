using System.Runtime.InteropServices;

namespace MaeRealtime.Native;

/// <summary>Mirror of <c>maert_frame_stats</c> (192 bytes on 64-bit targets).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct FrameStatsInfo
{
    /// <summary>Entries of <see cref="StageMilliseconds"/> (<c>MAERT_MAX_STAGES</c>).</summary>
    public const int MaxStages = 16;

    /// <summary><c>sType</c>.</summary>
    public MaertStructureType SType;

    /// <summary><c>structSize</c>.</summary>
    public uint StructSize;

    /// <summary><c>pNext</c>.</summary>
    public void* PNext;

    /// <summary><c>frameNumber</c>.</summary>
    public ulong FrameNumber;

    /// <summary><c>width</c>.</summary>
    public uint Width;

    /// <summary><c>height</c>.</summary>
    public uint Height;

    /// <summary><c>tilesX</c>.</summary>
    public uint TilesX;

    /// <summary><c>tilesY</c>.</summary>
    public uint TilesY;

    /// <summary><c>activeTiles</c>.</summary>
    public uint ActiveTiles;

    /// <summary><c>rerecorded</c> (VkBool32).</summary>
    public uint Rerecorded;

    /// <summary><c>gpuMilliseconds</c>.</summary>
    public double GpuMilliseconds;

    /// <summary><c>stageCount</c>.</summary>
    public uint StageCount;

    /// <summary><c>reserved</c>.</summary>
    public uint Reserved;

    /// <summary><c>stageMilliseconds</c>.</summary>
    public fixed double StageMilliseconds[MaxStages];
}
