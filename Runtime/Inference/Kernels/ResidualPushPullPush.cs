using System.Runtime.InteropServices;

namespace MaeRealtime.Runtime.Inference.Kernels;

/// <summary>Push constants of residual_pushpull.comp (member order = Shaders/KERNELS.md).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ResidualPushPullPush
{
    public uint S;
    public uint P;
    public uint G;
    public uint OffImage;
    public uint OffMask;
    public uint OffRecon;
    public uint OffOut;
    public uint OffPyramid;
    public uint PyramidStride;
    public uint Blend;
}
