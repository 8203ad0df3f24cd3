using System.Runtime.InteropServices;

namespace MaeRealtime.Runtime.Frames.Kernels;

/// <summary>Push constants of frame_indirect.comp (member order = the shader's push-constant block).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FrameIndirectPush
{
    public uint Passes;
    public uint D;
    public uint Levels;
    public uint Quantum;
    public uint OffTable;
    public uint OffIndirect;
    public uint OffResolve;
    public uint ResolveX;
    public uint ResolveY;
    public uint OffCounter;
    public uint OffPassInfo;
}
