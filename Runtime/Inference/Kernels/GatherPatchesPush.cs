using System.Runtime.InteropServices;

namespace MaeRealtime.Runtime.Inference.Kernels;

/// <summary>Push constants of gather_patches.comp (member order = Shaders/KERNELS.md).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GatherPatchesPush
{
    public uint B;
    public uint Lk;
    public uint S;
    public uint P;
    public uint G;
    public uint OffImage;
    public uint OffMask;
    public uint OffOut;
    public uint OffIdsKeep;
    public uint OffCount;
    public float Mean0;
    public float Mean1;
    public float Mean2;
    public float Std0;
    public float Std1;
    public float Std2;
}
