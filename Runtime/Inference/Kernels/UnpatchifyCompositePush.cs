using System.Runtime.InteropServices;

namespace MaeRealtime.Runtime.Inference.Kernels;

/// <summary>Push constants of unpatchify_composite.comp (member order = the shader's push-constant block).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct UnpatchifyCompositePush
{
    public uint S;
    public uint P;
    public uint G;
    public uint FullDecoder;
    public uint OffPred;
    public uint OffImage;
    public uint OffMask;
    public uint OffRecon;
    public uint OffOut;
    public uint OffTileInfo;
    public uint OffRank;
    public uint OffTiles;
    public float Mean0;
    public float Mean1;
    public float Mean2;
    public float Std0;
    public float Std1;
    public float Std2;
}
