using System.Runtime.InteropServices;

namespace MaeRealtime.Runtime.Inference.Kernels;

/// <summary>Push constants of query_tokens.comp (member order = the shader's push-constant block).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct QueryTokensPush
{
    public uint Dd;
    public uint L;
    public uint OffX;
    public uint OffPos;
    public uint OffMaskToken;
    public uint OffRowTile;
    public uint OffRows;
    public uint OffQuery;
}
