namespace MaeRealtime.Runtime.Frames;

/// <summary>Construction options of a <see cref="FrameInpainter"/>; everything it allocates is sized from them.</summary>
public sealed record FrameInpainterOptions
{
    /// <summary>Widest frame the pass takes (default 1920).</summary>
    public int MaxWidth { get; init; } = 1920;

    /// <summary>Tallest frame the pass takes (default 1080).</summary>
    public int MaxHeight { get; init; } = 1080;

    /// <summary>
    /// Pixels neighbouring tiles share (default: <see cref="FrameTileGrid.DefaultOverlap"/>, about a third of the
    /// tile with neighbours half a patch out of step, 44 at 128 px with 8 px patches). Holes crossing a tile
    /// border get context from both sides and the fills are blended across the overlap, so no seams show.
    /// A multiple of 2, at most half the tile.
    /// </summary>
    public int? TileOverlap { get; init; }

    /// <summary>
    /// The context the encoder sees around the holes, in patches (default null: the model's
    /// <see cref="Model.MaeConfig.ContextRadius"/>): 0 = every visible patch of a tile; r = only the visible patches
    /// within Chebyshev distance r of a patch holding a hole pixel, r growing by up to 2 in a tile with a deep hole
    /// (<see cref="Inference.PatchPlan"/>). Smaller is cheaper (the encoder's rows follow
    /// the holes); docs/PERFORMANCE.md and docs/MODEL_CARD.md give the measured cost and quality per radius.
    /// </summary>
    public int? ContextRadius { get; init; }

    /// <summary>
    /// Feathering radius in pixels (default 0: off). Within this distance of the hole border, the fill is
    /// blended with the input's own (stale) hole pixels, where they are finite, for a softer transition.
    /// </summary>
    public int FeatherRadius { get; init; }

    /// <summary>
    /// Frames the host may have in flight at once (default 2). Recording frame N reuses the resources of frame
    /// N - FramesInFlight, which must have completed on the GPU (as a host's frame fences ensure).
    /// </summary>
    public int FramesInFlight { get; init; } = 2;

    /// <summary>Tiles one model pass takes (default 32): bounds the activation memory; more tiles run in more passes.</summary>
    public int TilesPerPass { get; init; } = 32;

    /// <summary>
    /// Whether frames may ask for the raw reconstruction (<see cref="FrameImages.Reconstruction"/>): allocates a
    /// second accumulator and adds a full-frame clear and per-tile blend of it (default false).
    /// </summary>
    public bool Reconstruction { get; init; }

    /// <summary>
    /// Temporal history (default false): the runtime keeps its previous output (two frame-sized buffers, 16 bytes a
    /// pixel each) and fills a hole pixel from the reprojected previous output together with the new prediction, so
    /// fills do not shimmer from frame to frame and pixels seen before a hole covered them keep what was seen.
    /// History is rejected where it is invalid: outside the previous frame, after <see cref="FrameFlags.CameraCut"/>,
    /// on the first frame or a size change, and (with depth) where it was nearer than the hole's far side.
    /// </summary>
    public bool History { get; init; }

    /// <summary>
    /// The most frames the history of a hole pixel counts for against a new prediction (default 8, 1..64): higher is
    /// steadier, lower follows a changing background sooner. A pixel seen (known) in the previous frame counts this much.
    /// </summary>
    public int HistoryFrames { get; init; } = 8;

    /// <summary>
    /// How much nearer than the far side of a hole a known pixel must be to count as the occluder (default 0.05: 5 %
    /// in inverse depth). Used only with <see cref="FrameImages.Depth"/>; 0.01..4.
    /// </summary>
    public float DepthTolerance { get; init; } = 0.05f;

    /// <summary>
    /// The GEMM/attention/LayerNorm kernel family (default null: by device type, or the <c>MAE_KERNELS</c>
    /// environment variable; see <see cref="Inference.KernelFamily"/>).
    /// </summary>
    public Inference.KernelFamily? Kernels { get; init; }

    /// <summary>
    /// How the model pass stores its transient tensors (default Auto: fp16 on the tiled family where the device has
    /// 16-bit storage enabled, else fp32, or the <c>MAE_ACTIVATIONS</c> environment variable; see
    /// <see cref="Inference.ActivationPrecision"/>). Known pixels stay bit-exact either way.
    /// </summary>
    public Inference.ActivationPrecision Activations { get; init; }
}
