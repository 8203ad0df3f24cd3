using MaeRealtime.Runtime.Frames;
using MaeRealtime.Training.Eval;

namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// The "static" sequence: a fixed camera on a photo (the centred frame-sized window of the scaled photo) with two
/// occluders moving over it (<see cref="OccluderPair"/>). No motion vectors: zero motion is the truth for a static
/// camera, and the background never changes, so a fill that changes from frame to frame is pure flicker.
/// </summary>
internal sealed class StaticSequence : PhotoSequence
{
    /// <summary>A <paramref name="frames"/>-frame sequence of <paramref name="width"/> x <paramref name="height"/> frames; <paramref name="seed"/> places the occluders.</summary>
    public StaticSequence(SequencePhoto photo, int width, int height, int frames, int seed)
        : base(photo, width, height, frames, seed)
    {
    }

    /// <inheritdoc />
    public override string Kind => "static";

    /// <summary>The occluders of a fresh run (their seed is the run's and the photo's, as eval crops are).</summary>
    public OccluderPair NewOccluders() => new(Width, Height, EvalSeeds.ForCrop(Seed, "static|" + Photo.Id));

    /// <inheritdoc />
    public override IEnumerable<SequenceFrame> Frames()
    {
        byte[] truth = Photo.Window((Photo.Width - Width) / 2, (Photo.Height - Height) / 2, Width, Height);
        var occluders = NewOccluders();
        for (int t = 0; t < FrameCount; t++)
        {
            var (color, mask) = occluders.Cover(truth);
            yield return new SequenceFrame(color, mask, truth, null, null, t == 0 ? FrameFlags.CameraCut : FrameFlags.None);
            occluders.Step();
        }
    }
}
