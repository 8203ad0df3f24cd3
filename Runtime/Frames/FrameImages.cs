using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Frames;

/// <summary>
/// The images of one frame the inpaint pass reads and writes (mip 0, array layer 0 of each). Layouts and access
/// on entry to <see cref="FrameInpainter.Record"/>: <see cref="Color"/> and <see cref="Mask"/> in
/// <c>SHADER_READ_ONLY_OPTIMAL</c> with their writes made visible to compute-shader reads;
/// <see cref="Output"/> (and <see cref="Reconstruction"/>) in <c>GENERAL</c> with earlier access complete before
/// compute-shader writes. On return the pass has written <see cref="Output"/> from compute shaders: the host's
/// next barrier uses source stage <c>COMPUTE_SHADER</c> and source access <c>SHADER_WRITE</c>.
/// </summary>
public readonly record struct FrameImages
{
    /// <summary>Frame width in pixels (1 .. <see cref="FrameInpainterOptions.MaxWidth"/>).</summary>
    public required int Width { get; init; }

    /// <summary>Frame height in pixels (1 .. <see cref="FrameInpainterOptions.MaxHeight"/>).</summary>
    public required int Height { get; init; }

    /// <summary>The input frame: sampled image, at least <see cref="Width"/> x <see cref="Height"/>.</summary>
    public required Image Color { get; init; }

    /// <summary>Format of <see cref="Color"/>.</summary>
    public required FrameColorFormat ColorFormat { get; init; }

    /// <summary>
    /// The hole mask: a sampled <c>R8_UNORM</c> (or <c>R8G8B8A8_UNORM</c>, red channel) image, at least the frame's
    /// size; a pixel is a hole where red &gt;= 0.5.
    /// </summary>
    public required Image Mask { get; init; }

    /// <summary>Format of <see cref="Mask"/>: <c>R8Unorm</c> (also meant by the default, <c>Undefined</c>) or <c>R8G8B8A8Unorm</c>.</summary>
    public Format MaskFormat { get; init; }

    /// <summary>
    /// The result: a storage image of <see cref="OutputFormat"/>, at least the frame's size; may not be
    /// <see cref="Color"/>. Known pixels are copied from the input, hole pixels filled.
    /// </summary>
    public required Image Output { get; init; }

    /// <summary>Format of <see cref="Output"/> (and <see cref="Reconstruction"/>).</summary>
    public required FrameColorFormat OutputFormat { get; init; }

    /// <summary>
    /// Optional: receives the model's raw reconstruction of every pixel inside the tiles processed this frame
    /// (pixels elsewhere are left untouched), for previews and debugging. Default (null handle): not written.
    /// </summary>
    public Image Reconstruction { get; init; }

    /// <summary>
    /// Optional depth of this frame: a sampled <c>D32_SFLOAT</c> (depth aspect) or <c>R32_SFLOAT</c> image, at least the
    /// frame's size, in <c>SHADER_READ_ONLY_OPTIMAL</c> (or <c>DEPTH_STENCIL_READ_ONLY_OPTIMAL</c> for a depth format, see
    /// <see cref="DepthLayout"/>). Device depth by default; <see cref="FrameFlags.ReversedDepth"/> and
    /// <see cref="FrameFlags.LinearDepth"/> say otherwise. Used where known pixels border a hole: context nearer than
    /// the hole's far side (the occluder that revealed it) is withheld from the model, and history whose depth says it
    /// was foreground is not reprojected into the hole. Only the depth of known pixels is read. Default: none.
    /// </summary>
    public Image Depth { get; init; }

    /// <summary>Format of <see cref="Depth"/>: <c>D32Sfloat</c> (also meant by the default, <c>Undefined</c>) or <c>R32Sfloat</c>.</summary>
    public Format DepthFormat { get; init; }

    /// <summary>
    /// Layout of <see cref="Depth"/> on entry: <c>ShaderReadOnlyOptimal</c> (also meant by the default, <c>Undefined</c>),
    /// <c>DepthStencilReadOnlyOptimal</c>, <c>DepthReadOnlyOptimal</c> or <c>General</c>.
    /// </summary>
    public ImageLayout DepthLayout { get; init; }

    /// <summary>
    /// Optional motion vectors of this frame in pixels: a sampled <c>R16G16_SFLOAT</c> or <c>R32G32_SFLOAT</c> image, at
    /// least the frame's size, in <c>SHADER_READ_ONLY_OPTIMAL</c>. By default a pixel p of this frame was at p + motion in
    /// the previous frame (<see cref="FrameFlags.MotionTowardsCurrent"/> flips the sign). Inside holes the vector should
    /// be the motion of what the hole hides (camera motion for a disocclusion), not of the occluder. Used only with
    /// <see cref="FrameInpainterOptions.History"/>; without motion the history is reprojected with zero motion. Default: none.
    /// </summary>
    public Image Motion { get; init; }

    /// <summary>Format of <see cref="Motion"/>: <c>R16G16Sfloat</c> (also meant by the default, <c>Undefined</c>) or <c>R32G32Sfloat</c>.</summary>
    public Format MotionFormat { get; init; }

    /// <summary>This frame's conventions and events (camera cut, depth and motion conventions). Default: none.</summary>
    public FrameFlags Flags { get; init; }

    /// <summary>
    /// Which incarnation of these images this is; 0 by default. The runtime caches an image view per image
    /// handle, and Vulkan may give a newly created image the handle value of a destroyed one. A host that
    /// destroys and re-creates images either calls <see cref="FrameInpainter.ForgetImage"/> for each destroyed
    /// image, or passes a new value here from then on (a counter of its resizes, say): views cached for the same
    /// handle under another generation are then not used again, and are destroyed once the frames that used
    /// them have completed (<see cref="FrameInpainterOptions.FramesInFlight"/> frames later).
    /// </summary>
    public ulong Generation { get; init; }
}
