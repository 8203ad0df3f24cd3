namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// What the synthetic sequences cut from one photo share (<see cref="StaticSequence"/>, <see cref="PanSequence"/>,
/// <see cref="LayeredSequence"/>): the photo, the run's seed, the frame size and count, a ground truth for every frame.
/// A subclass says its kind, what else its frames carry, and makes them.
/// </summary>
internal abstract class PhotoSequence : ISequenceSource
{
    /// <summary>A <paramref name="frames"/>-frame sequence of <paramref name="width"/> x <paramref name="height"/> frames cut from <paramref name="photo"/>; <paramref name="seed"/> places what moves.</summary>
    protected PhotoSequence(SequencePhoto photo, int width, int height, int frames, int seed)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frames);
        Photo = photo;
        Seed = seed;
        Width = width;
        Height = height;
        FrameCount = frames;
    }

    /// <inheritdoc />
    public abstract string Kind { get; }

    /// <inheritdoc />
    public string Name => Photo.Id;

    /// <inheritdoc />
    public int Width { get; }

    /// <inheritdoc />
    public int Height { get; }

    /// <inheritdoc />
    public int FrameCount { get; }

    /// <inheritdoc />
    public virtual bool HasDepth => false;

    /// <inheritdoc />
    public virtual bool HasMotion => false;

    /// <inheritdoc />
    public bool HasTruth => true;

    /// <summary>The photo the frames are cut from.</summary>
    protected SequencePhoto Photo { get; }

    /// <summary>The run's seed.</summary>
    protected int Seed { get; }

    /// <inheritdoc />
    public abstract IEnumerable<SequenceFrame> Frames();
}
