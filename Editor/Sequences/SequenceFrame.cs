using MaeRealtime.Runtime.Frames;

namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// One frame of a sequence, in memory, as an engine would hand it to the runtime plus what scoring needs.
/// </summary>
/// <param name="Color">RGBA8 input colour, width x height x 4 bytes; hole pixels may hold anything (an engine's stale pixels, the occluder).</param>
/// <param name="Mask">Hole mask, width x height bytes, a hole where &gt;= 128.</param>
/// <param name="Truth">RGBA8 ground truth (what the holes hide), or null where the sequence has none.</param>
/// <param name="Depth">Depth, width x height floats in the convention <paramref name="Flags"/> gives, or null.</param>
/// <param name="Motion">Motion vectors in pixels, x and y per pixel, in the convention <paramref name="Flags"/> gives, or null (zero motion).</param>
/// <param name="Flags">The frame's conventions and events: <see cref="FrameFlags.CameraCut"/> on the first frame of a sequence.</param>
internal sealed record SequenceFrame(byte[] Color, byte[] Mask, byte[]? Truth, float[]? Depth, float[]? Motion, FrameFlags Flags);
