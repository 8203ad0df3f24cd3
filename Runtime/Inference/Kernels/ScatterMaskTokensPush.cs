using System.Runtime.InteropServices;

namespace MaeRealtime.Runtime.Inference.Kernels;

/// <summary>Push constants of scatter_mask_tokens.comp (member order = Shaders/KERNELS.md).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ScatterMaskTokensPush
{
    public uint B;
    public uint T;
    public uint L;
    public uint Dd;
    public uint OffEd;
    public uint OffXd;
    public uint OffMaskToken;
    public uint OffPos;
    public uint OffIdsRestore;
    public uint OffCount;
}
