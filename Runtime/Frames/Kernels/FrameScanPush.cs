using System.Runtime.InteropServices;

namespace MaeRealtime.Runtime.Frames.Kernels;

/// <summary>Push constants of frame_scan.comp (member order = the shader's push-constant block).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FrameScanPush
{
    public uint GridCount;
    public uint C;
    public uint Passes;
    public uint OffGridRows;
    public uint OffTileList;
    public uint OffTileMap;
    public uint OffCounter;
    public uint OffTileInfo;
    public uint OffPassInfo;
}
