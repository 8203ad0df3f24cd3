using System.Runtime.InteropServices;

namespace MaeRealtime.Runtime.Inference.Kernels;

/// <summary>Push constants of gather_patches.comp (member order = the shader's push-constant block).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GatherPatchesPush
{
    public uint S;
    public uint P;
    public uint G;
    public uint L;
    public uint OffImage;
    public uint OffMask;
    public uint OffOut;
    public uint OffRowTile;
    public uint OffRows;
    public uint OffContext;
    public float Mean0;
    public float Mean1;
    public float Mean2;
    public float Std0;
    public float Std1;
    public float Std2;
}
