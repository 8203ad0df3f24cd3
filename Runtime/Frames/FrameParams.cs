using System.Runtime.InteropServices;

namespace MaeRealtime.Runtime.Frames;

/// <summary>
/// The per-frame parameters the recorded pass reads from its slot's host-visible buffer (binding 9 of set 1,
/// <c>FrameParams</c> in Shaders/include/frame_common.glsl, member for member): what changes from frame to frame
/// without changing the recording (camera cut, which history half to read), written by each <c>Record</c>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FrameParams
{
    public const uint HasDepth = 1, HasMotion = 2, History = 4, HistoryValid = 8, ReversedDepth = 16, LinearDepth = 32, MotionTowardsCurrent = 64;

    public uint Flags;
    public uint ReadHalf;
    public uint PixelsPerHalf;
    public float HistoryFrames;
    public float DepthTolerance;
    public uint WithheldOffset;
    public uint WordsPerRow;
    public uint BlocksOffset;
    public uint BlocksX;
    public uint BlocksY;

    /// <summary>Side of the far-side map's blocks (DEPTH_BLOCK in frame_common.glsl).</summary>
    public const int DepthBlock = 8;

    /// <summary>Words of the withheld bits per frame row.</summary>
    public static int WordsPerRowFor(int width) => (width + 31) / 32;

    /// <summary>Blocks of the far-side map along an axis of <paramref name="pixels"/>.</summary>
    public static int BlocksFor(int pixels) => (pixels + DepthBlock - 1) / DepthBlock;
}
