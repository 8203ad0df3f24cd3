using System.Runtime.InteropServices;

namespace MaeRealtime.Runtime.Frames.Kernels;

/// <summary>Push constants of frame_rows.comp (member order = the shader's push-constant block).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FrameRowsPush
{
    public uint L;
    public uint C;
    public uint OffFlags;
    public uint OffTileMap;
    public uint OffTileInfo;
    public uint OffContext;
    public uint OffQuery;
    public uint OffRank;
    public uint OffEncRowTile;
    public uint OffQueryRowTile;
    public uint EncCap;
    public uint QueryCap;
}
