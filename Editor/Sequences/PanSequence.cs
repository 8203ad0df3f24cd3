using MaeRealtime.Runtime.Frames;
using MaeRealtime.Training.Eval;

namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// The "pan" sequence: a camera panning over a photo, a frame-sized window whose corner moves by
/// <see cref="Velocity"/> pixels per frame (bouncing at the scaled photo's edges), with two occluders moving over it
/// in screen space (<see cref="OccluderPair"/>). Motion vectors are given, uniform, in the runtime's default
/// convention: when the window moves by (dx, dy), the content at p in frame t was at p + (dx, dy) in frame t-1. They
/// describe the background (the content the holes hide, which is what a fill should follow), under the occluders too.
/// </summary>
internal sealed class PanSequence : PhotoSequence
{
    /// <summary>How far the window moves per frame, in whole pixels (|v| = 2.2 px): frames are exact crops, no resampling.</summary>
    public static readonly (int X, int Y) Velocity = (2, 1);

    /// <summary>A <paramref name="frames"/>-frame pan of <paramref name="width"/> x <paramref name="height"/> frames over <paramref name="photo"/>.</summary>
    public PanSequence(SequencePhoto photo, int width, int height, int frames, int seed)
        : base(photo, width, height, frames, seed)
    {
        if (photo.Width < width || photo.Height < height)
        {
            throw new ArgumentException($"A {width}x{height} pan needs a photo at least that large; '{photo.Id}' is {photo.Width}x{photo.Height}.", nameof(photo));
        }
    }

    /// <inheritdoc />
    public override string Kind => "pan";

    /// <inheritdoc />
    public override bool HasMotion => true;

    /// <inheritdoc />
    public override IEnumerable<SequenceFrame> Frames()
    {
        int roomX = Photo.Width - Width, roomY = Photo.Height - Height;
        // Start a quarter of the way in, so the first bounce comes late and the window crosses most of the photo.
        var corner = new BouncingPoint(roomX / 4, roomY / 4, Velocity.X, Velocity.Y, 0, roomX, 0, roomY);
        var occluders = new OccluderPair(Width, Height, EvalSeeds.ForCrop(Seed, "pan|" + Photo.Id));
        int previousX = corner.X, previousY = corner.Y;
        for (int t = 0; t < FrameCount; t++)
        {
            byte[] truth = Photo.Window(corner.X, corner.Y, Width, Height);
            var (color, mask) = occluders.Cover(truth);
            var motion = Uniform(corner.X - previousX, corner.Y - previousY);
            yield return new SequenceFrame(color, mask, truth, null, motion, t == 0 ? FrameFlags.CameraCut : FrameFlags.None);
            (previousX, previousY) = (corner.X, corner.Y);
            corner.Step();
            occluders.Step();
        }
    }

    private float[] Uniform(int dx, int dy)
    {
        var motion = new float[Width * Height * 2];
        for (int i = 0; i < motion.Length; i += 2)
        {
            motion[i] = dx;
            motion[i + 1] = dy;
        }

        return motion;
    }
}
