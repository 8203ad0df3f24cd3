using MaeRealtime.Runtime.Frames;
using MaeRealtime.Training.Eval;

namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// The "layered" sequence, the synthetic one with depth: the static sequence's still camera and two removed occluders,
/// plus a near pole that stays in the picture (known, not a hole) sweeping across in front of everything at
/// <see cref="PoleVelocity"/>. Depth (standard: 0 near, 1 far): the pole <see cref="PoleDepth"/>, the occluders
/// <see cref="OccluderDepth"/>, the photo <see cref="BackgroundDepth"/>. Where the pole borders a hole, a fill that
/// does not know depth takes the pole's colour as context and drags it into the hole, and its history keeps the pole
/// where it has just left; depth tells the runtime the pole is nearer than the hole's far side, so it is withheld and
/// rejected. That is the gain <c>mae+history+depth</c> shows next to <c>mae+history</c>. No motion vectors: the camera
/// is still, and a hole's vector is the background's (zero), whatever moves in front.
/// </summary>
internal sealed class LayeredSequence : PhotoSequence
{
    /// <summary>The pole's velocity in pixels per frame.</summary>
    public static readonly (int X, int Y) PoleVelocity = (2, 0);

    /// <summary>Depth of the pole (nearest).</summary>
    public const float PoleDepth = 0.1f;

    /// <summary>Depth of the removed occluders.</summary>
    public const float OccluderDepth = 0.5f;

    /// <summary>Depth of the photo (farthest).</summary>
    public const float BackgroundDepth = 0.9f;

    private static readonly (byte R, byte G, byte B) s_poleColor = (250, 214, 48);

    /// <summary>A <paramref name="frames"/>-frame sequence of <paramref name="width"/> x <paramref name="height"/> frames; <paramref name="seed"/> places the occluders and the pole.</summary>
    public LayeredSequence(SequencePhoto photo, int width, int height, int frames, int seed)
        : base(photo, width, height, frames, seed)
    {
    }

    /// <inheritdoc />
    public override string Kind => "layered";

    /// <inheritdoc />
    public override bool HasDepth => true;

    /// <summary>The pole of a fresh run: a full-height bar about 8 % of the frame wide.</summary>
    public MovingOccluder NewPole()
    {
        int halfWidth = Math.Max(1, (int)Math.Round(0.04 * Width)), halfHeight = (Height - 1) / 2;
        int x = new Random(EvalSeeds.ForCrop(Seed, "layered-pole|" + Photo.Id)).Next(Width);
        return new MovingOccluder(OccluderShape.Box, halfWidth, halfHeight, Width, Height, x, halfHeight, PoleVelocity.X, PoleVelocity.Y, s_poleColor);
    }

    /// <inheritdoc />
    public override IEnumerable<SequenceFrame> Frames()
    {
        byte[] photo = Photo.Window((Photo.Width - Width) / 2, (Photo.Height - Height) / 2, Width, Height);
        var occluders = new OccluderPair(Width, Height, EvalSeeds.ForCrop(Seed, "layered|" + Photo.Id));
        var pole = NewPole();
        for (int t = 0; t < FrameCount; t++)
        {
            // The pole is part of the scene: in the truth, and in front of the occluders (never a hole).
            byte[] truth = (byte[])photo.Clone();
            var poleMask = new byte[Width * Height];
            pole.Paint(truth, poleMask, Width, Height);
            var (color, mask) = occluders.Cover(truth);
            var depth = new float[Width * Height];
            for (int i = 0; i < depth.Length; i++)
            {
                if (poleMask[i] != 0)
                {
                    mask[i] = 0;
                    truth.AsSpan(i * 4, 4).CopyTo(color.AsSpan(i * 4, 4));
                }

                depth[i] = poleMask[i] != 0 ? PoleDepth : mask[i] != 0 ? OccluderDepth : BackgroundDepth;
            }

            yield return new SequenceFrame(color, mask, truth, depth, null, t == 0 ? FrameFlags.CameraCut : FrameFlags.None);
            occluders.Step();
            pole.Centre.Step();
        }
    }
}
