using System.Runtime.InteropServices;

namespace MaeRealtime.Runtime.Frames.Kernels;

/// <summary>Push constants of frame_load_tiles.comp (member order = the shader's push-constant block).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FrameLoadTilesPush
{
    public uint W;
    public uint H;
    public uint S;
    public uint T;
    public uint O;
    public int OffX;
    public int OffY;
    public uint Nx;
    public uint ColorKind;
    public uint PassBase;
    public uint OffTileList;
    public uint OffImage;
    public uint OffMask;
}
