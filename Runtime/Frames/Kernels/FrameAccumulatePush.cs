using System.Runtime.InteropServices;

namespace MaeRealtime.Runtime.Frames.Kernels;

/// <summary>Push constants of frame_accumulate.comp (member order = the shader's push-constant block).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FrameAccumulatePush
{
    public uint W;
    public uint H;
    public uint S;
    public uint T;
    public uint O;
    public int OffX;
    public int OffY;
    public uint Nx;
    public uint PassBase;
    public uint Px;
    public uint Py;
    public uint OffTileList;
    public uint OffOutput;
    public uint OffRecon;
    public uint OffMask;
    public uint HasRecon;
    public uint OffReconAccum;
}
