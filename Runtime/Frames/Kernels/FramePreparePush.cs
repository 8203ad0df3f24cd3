using System.Runtime.InteropServices;

namespace MaeRealtime.Runtime.Frames.Kernels;

/// <summary>Push constants of frame_prepare.comp (member order = the shader's push-constant block).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FramePreparePush
{
    public uint W;
    public uint H;
    public uint ColorKind;
    public uint HasRecon;
    public uint OffReconAccum;
}
