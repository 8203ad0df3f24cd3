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
    public int OffX;
    public int OffY;
    public uint Nx;
    public uint ColorKind;
    public uint MaxVisibleHoles;
    public uint Radius;
    public uint OffFlags;
    public uint OffGridRows;
    public uint MaxGrowth;
    public uint DepthThreshold;
}
