using System.Runtime.InteropServices;

namespace MaeRealtime.Runtime.Frames.Kernels;

/// <summary>Push constants of frame_depth.comp (member order = the shader's push-constant block).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FrameDepthPush
{
    public uint W;
    public uint H;
    public uint ColorKind;

    /// <summary>0 clear, 1 far side of the holes per block, 2 dilate it, 3 withhold the occluders.</summary>
    public uint Stage;
}
