namespace MaeRealtime.Editor.Sequences;

/// <summary>
/// The two occluders of the synthetic sequences (the protocol): a disc about 16 % of the frame across and a
/// box about 18 % x 12 %, moving 3-4 px per frame ((3, 2) and (-2, 3): |v| = 3.6) in different directions and
/// bouncing at the frame's edges. Their start positions come from the seed, so a run repeats exactly.
/// </summary>
internal sealed class OccluderPair
{
    /// <summary>The disc's velocity in pixels per frame.</summary>
    public static readonly (int X, int Y) DiscVelocity = (3, 2);

    /// <summary>The box's velocity in pixels per frame.</summary>
    public static readonly (int X, int Y) BoxVelocity = (-2, 3);

    /// <summary>Two occluders for a <paramref name="width"/> x <paramref name="height"/> frame, placed by <paramref name="seed"/>.</summary>
    public OccluderPair(int width, int height, int seed)
    {
        var rng = new Random(seed);
        int side = Math.Min(width, height);
        int radius = Math.Max(2, (int)Math.Round(0.08 * side));
        int halfW = Math.Max(2, (int)Math.Round(0.09 * width)), halfH = Math.Max(2, (int)Math.Round(0.06 * height));
        Occluders =
        [
            new MovingOccluder(OccluderShape.Disc, radius, radius, width, height, rng.Next(width), rng.Next(height), DiscVelocity.X, DiscVelocity.Y, (224, 48, 40)),
            new MovingOccluder(OccluderShape.Box, halfW, halfH, width, height, rng.Next(width), rng.Next(height), BoxVelocity.X, BoxVelocity.Y, (32, 64, 208)),
        ];
        Width = width;
        Height = height;
    }

    /// <summary>The disc, then the box.</summary>
    public IReadOnlyList<MovingOccluder> Occluders { get; }

    /// <summary>Frame width.</summary>
    public int Width { get; }

    /// <summary>Frame height.</summary>
    public int Height { get; }

    /// <summary>The frame's input colour (the truth with the occluders painted over it) and hole mask, at the occluders' current positions.</summary>
    public (byte[] Color, byte[] Mask) Cover(byte[] truth)
    {
        var color = (byte[])truth.Clone();
        var mask = new byte[Width * Height];
        foreach (var occluder in Occluders)
        {
            occluder.Paint(color, mask, Width, Height);
        }

        return (color, mask);
    }

    /// <summary>Moves both occluders one frame on.</summary>
    public void Step()
    {
        foreach (var occluder in Occluders)
        {
            occluder.Centre.Step();
        }
    }
}
