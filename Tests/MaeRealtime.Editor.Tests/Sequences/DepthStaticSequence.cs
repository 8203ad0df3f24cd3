using MaeRealtime.Editor.Sequences;

namespace MaeRealtime.Editor.Tests.Sequences;

/// <summary>A static sequence with depth (occluders near at 0.2, the background far at 0.8, standard depth), as a renderer would give it.</summary>
internal sealed class DepthStaticSequence(StaticSequence inner) : ISequenceSource
{
    public string Kind => inner.Kind;

    public string Name => inner.Name;

    public int Width => inner.Width;

    public int Height => inner.Height;

    public int FrameCount => inner.FrameCount;

    public bool HasDepth => true;

    public bool HasMotion => inner.HasMotion;

    public bool HasTruth => inner.HasTruth;

    public IEnumerable<SequenceFrame> Frames() =>
        inner.Frames().Select(f => f with { Depth = f.Mask.Select(m => m >= 128 ? 0.2f : 0.8f).ToArray() });
}
