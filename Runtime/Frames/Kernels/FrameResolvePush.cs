using System.Runtime.InteropServices;

namespace MaeRealtime.Runtime.Frames.Kernels;

/// <summary>Push constants of frame_resolve.comp (member order = the shader's push-constant block).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FrameResolvePush
{
    public uint W;
    public uint H;
    public uint T;
    public uint CellW;
    public uint CellH;
    public uint Nx;
    public uint ColorKind;
    public uint Feather;
    public uint HasRecon;
    public uint OffTileList;
    public uint OffReconAccum;
}
