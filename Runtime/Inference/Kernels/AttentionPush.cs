using System.Runtime.InteropServices;

namespace MaeRealtime.Runtime.Inference.Kernels;

/// <summary>Push constants of attention.comp and attention_rows.comp (member order = Shaders/include/attention_rows.glsl).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct AttentionPush
{
    public uint H;
    public uint Hd;
    public float Scale;
    public uint FullRows;
    public uint OffTileInfo;
    public uint CapRows;
    public uint QSel;
    public uint OffQ;
    public uint QStride;
    public uint OffOut;
    public uint OutStride;
    public uint ASel;
    public uint OffA;
    public uint AStride;
    public uint AK;
    public uint AV;
    public uint BSel;
    public uint OffB;
    public uint BStride;
    public uint BK;
    public uint BV;
}
