using System.Runtime.InteropServices;

namespace MaeRealtime.Runtime.Inference.Kernels;

/// <summary>Push constants of add_position.comp (member order = Shaders/KERNELS.md).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct AddPositionPush
{
    public uint B;
    public uint Lk;
    public uint D;
    public uint OffE;
    public uint OffX;
    public uint OffPos;
    public uint OffCls;
    public uint OffIdsKeep;
    public uint OffCount;
}
