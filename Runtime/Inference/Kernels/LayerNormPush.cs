using System.Runtime.InteropServices;

namespace MaeRealtime.Runtime.Inference.Kernels;

/// <summary>Push constants of layernorm.comp (member order = Shaders/KERNELS.md).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LayerNormPush
{
    public uint M;
    public uint D;
    public uint OffX;
    public uint OffY;
    public uint OffGamma;
    public uint OffBeta;
    public float Eps;
}
