using System.Runtime.InteropServices;

namespace MaeRealtime.Runtime.Inference.Kernels;

/// <summary>Push constants of scatter_mask_tokens.comp (member order = the shader's push-constant block).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ScatterMaskTokensPush
{
    public uint L;
    public uint Dd;
    public uint OffEd;
    public uint OffXd;
    public uint OffMaskToken;
    public uint OffPos;
    public uint OffTileInfo;
    public uint OffRank;
    public uint OffTiles;
}
