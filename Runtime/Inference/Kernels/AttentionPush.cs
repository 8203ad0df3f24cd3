using System.Runtime.InteropServices;

namespace MaeRealtime.Runtime.Inference.Kernels;

/// <summary>Push constants of attention.comp (member order = Shaders/KERNELS.md).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct AttentionPush
{
    public uint T;
    public uint D;
    public uint H;
    public uint OffQkv;
    public uint OffOut;
    public uint OffCount;
    public uint UseCount;
    public float Scale;
}
