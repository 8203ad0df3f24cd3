using System.Runtime.InteropServices;

namespace MaeRealtime.Runtime.Inference.Kernels;

/// <summary>Push constants of add_position.comp (member order = the shader's push-constant block).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct AddPositionPush
{
    public uint D;
    public uint L;
    public uint OffE;
    public uint OffX;
    public uint OffPos;
    public uint OffCls;
    public uint OffRowTile;
    public uint OffRows;
    public uint OffContext;
    public uint ClsFromE;
}
