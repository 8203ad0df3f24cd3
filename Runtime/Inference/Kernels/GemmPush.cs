using System.Runtime.InteropServices;

namespace MaeRealtime.Runtime.Inference.Kernels;

/// <summary>Push constants of gemm.comp (member order = Shaders/KERNELS.md).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GemmPush
{
    public uint M;
    public uint N;
    public uint K;
    public uint OffX;
    public uint OffW;
    public uint OffBias;
    public uint OffY;
    public uint OffR;
    public uint Flags;
}
