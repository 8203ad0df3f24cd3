using System.Runtime.InteropServices;

namespace MaeRealtime.Native;

/// <summary>Mirror of <c>maert_inpainter_create_info</c> (64 bytes on 64-bit targets); zero fields mean defaults.</summary>
/// <remarks>
/// Adding a <see cref="MaeRealtime.Runtime.Frames.FrameInpainterOptions"/> option to the ABI (a context radius, a
/// blend width): append a field at the end here and in maert.h, choose its encoding so that 0 means the current
/// default, map it in <c>Exports.ToOptions</c>, raise <see cref="NativeVersion.Minor"/> and MAERT_HEADER_VERSION,
/// and update the size asserts (CSources/header_check.c). Never reorder or resize existing fields: callers built
/// against the older header keep passing the older structSize and get the default.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct InpainterCreateInfo
{
    /// <summary><c>sType</c>.</summary>
    public MaertStructureType SType;

    /// <summary><c>structSize</c>.</summary>
    public uint StructSize;

    /// <summary><c>pNext</c>.</summary>
    public void* PNext;

    /// <summary><c>maxWidth</c>.</summary>
    public uint MaxWidth;

    /// <summary><c>maxHeight</c>.</summary>
    public uint MaxHeight;

    /// <summary><c>tileOverlap</c> (0: default, <c>MAERT_TILE_OVERLAP_NONE</c>: 0 pixels).</summary>
    public uint TileOverlap;

    /// <summary><c>featherRadius</c>.</summary>
    public uint FeatherRadius;

    /// <summary><c>framesInFlight</c>.</summary>
    public uint FramesInFlight;

    /// <summary><c>tilesPerPass</c>.</summary>
    public uint TilesPerPass;

    /// <summary><c>flags</c>.</summary>
    public uint Flags;

    /// <summary><c>kernelFamily</c>.</summary>
    public uint KernelFamily;

    /// <summary><c>contextRadius</c> (since 1.1; 0: the model's, <c>MAERT_CONTEXT_RADIUS_ALL</c>: 0 patches = every visible patch).</summary>
    public uint ContextRadius;

    /// <summary><c>historyFrames</c> (since 1.2; 0: the default, 8).</summary>
    public uint HistoryFrames;

    /// <summary><c>depthTolerance</c> (since 1.2; 0: the default, 0.05).</summary>
    public float DepthTolerance;
}
