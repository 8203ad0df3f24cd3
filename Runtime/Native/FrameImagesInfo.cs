using System.Runtime.InteropServices;

namespace MaeRealtime.Native;

/// <summary>Mirror of <c>maert_frame_images</c> (120 bytes on 64-bit targets).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct FrameImagesInfo
{
    /// <summary><c>sType</c>.</summary>
    public MaertStructureType SType;

    /// <summary><c>structSize</c>.</summary>
    public uint StructSize;

    /// <summary><c>pNext</c>.</summary>
    public void* PNext;

    /// <summary><c>width</c>.</summary>
    public uint Width;

    /// <summary><c>height</c>.</summary>
    public uint Height;

    /// <summary><c>color</c>.</summary>
    public ulong Color;

    /// <summary><c>colorFormat</c> (VkFormat).</summary>
    public int ColorFormat;

    /// <summary><c>colorLayout</c> (VkImageLayout).</summary>
    public int ColorLayout;

    /// <summary><c>mask</c>.</summary>
    public ulong Mask;

    /// <summary><c>maskFormat</c>.</summary>
    public int MaskFormat;

    /// <summary><c>maskLayout</c>.</summary>
    public int MaskLayout;

    /// <summary><c>output</c>.</summary>
    public ulong Output;

    /// <summary><c>outputFormat</c>.</summary>
    public int OutputFormat;

    /// <summary><c>outputLayout</c>.</summary>
    public int OutputLayout;

    /// <summary><c>reconstruction</c> (0: none).</summary>
    public ulong Reconstruction;

    /// <summary><c>reconstructionLayout</c>.</summary>
    public int ReconstructionLayout;

    /// <summary><c>depth</c> (since 1.2; 0: none).</summary>
    public ulong Depth;

    /// <summary><c>depthFormat</c>.</summary>
    public int DepthFormat;

    /// <summary><c>depthLayout</c>.</summary>
    public int DepthLayout;

    /// <summary><c>motion</c> (since 1.2; 0: none).</summary>
    public ulong Motion;

    /// <summary><c>motionFormat</c>.</summary>
    public int MotionFormat;

    /// <summary><c>flags</c> (maert_frame_flag_bits).</summary>
    public uint Flags;
}
