using System.Runtime.InteropServices;

namespace MaeRealtime.Runtime.Frames.Kernels;

/// <summary>Push constants of frame_plan.comp (member order = the shader's push-constant block).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FramePlanPush
{
    public uint W;
    public uint H;
    public uint S;
    public uint P;
    public uint G;
    public uint L;
    public uint T;
    public uint O;
    public uint Nx;
    public uint ColorKind;
    public uint OffCount;
    public uint OffIdsKeep;
    public uint OffIdsRestore;
    public uint OffCounter;
    public uint OffTileList;
    public uint OffTileMap;
    public uint MaxVisibleHoles;
}
