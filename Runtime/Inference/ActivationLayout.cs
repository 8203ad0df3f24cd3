using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Runtime.Inference;

/// <summary>
/// Element offsets of every tensor of a forward pass inside the activation arena, sized for
/// <see cref="MaxTiles"/> tiles with every patch visible (the worst case), so one arena serves any mask.
/// Offsets are 64-element aligned. Also the layout of the index buffer.
/// </summary>
internal sealed class ActivationLayout
{
    private const long AlignElements = 64;

    public ActivationLayout(MaeConfig c, int maxTiles)
        : this(c, maxTiles, maxTiles)
    {
    }

    /// <summary>An arena for <paramref name="maxTiles"/> tiles and an index buffer for <paramref name="indexTiles"/>.</summary>
    public ActivationLayout(MaeConfig c, int maxTiles, int indexTiles)
    {
        MaxTiles = maxTiles;
        long b = maxTiles, s2 = (long)c.ImageSize * c.ImageSize, rows = b * (c.NumPatches + 1);
        int width = Math.Max(c.EmbedDim, c.DecoderEmbedDim);
        int hidden = Math.Max(c.MlpHidden, c.DecoderMlpHidden);
        long next = 0;
        uint Take(long elements)
        {
            long at = next;
            next += (elements + AlignElements - 1) / AlignElements * AlignElements;
            return checked((uint)at);
        }

        Image = Take(b * s2 * 3);
        Mask = Take(b * s2);
        Recon = Take(b * s2 * 3);
        Output = Take(b * s2 * 3);
        Patches = Take(b * c.NumPatches * c.PatchValues);
        Embedded = Take(b * c.NumPatches * c.EmbedDim);
        Tokens = Take(rows * c.EmbedDim);
        Normed = Take(rows * width);
        Qkv = Take(rows * 3 * width);
        Attended = Take(rows * width);
        Hidden = Take(rows * hidden);
        DecoderIn = Take(rows * c.DecoderEmbedDim);
        DecoderTokens = Take(rows * c.DecoderEmbedDim);
        Prediction = Take(rows * c.PatchValues);
        PyramidStride = (uint)PyramidFloatsPerTile(c.ImageSize);
        Pyramid = Take(b * PyramidStride);
        ArenaElements = next;

        long bi = indexTiles;
        Count = 0;
        IdsKeep = checked((uint)bi);
        IdsRestore = checked((uint)(bi + (bi * c.NumPatches)));
        IndexElements = bi + (2 * bi * c.NumPatches);
    }

    public int MaxTiles { get; }

    /// <summary>Floats of pyramid levels 1.. (sizes ceil(S / 2^k), down to 1) at 4 floats per texel.</summary>
    public static long PyramidFloatsPerTile(int size)
    {
        long total = 0;
        for (int n = (size + 1) / 2; ; n = (n + 1) / 2)
        {
            total += (long)n * n * 4;
            if (n == 1)
            {
                return total;
            }
        }
    }

    public uint Image { get; }

    public uint Mask { get; }

    public uint Recon { get; }

    public uint Output { get; }

    public uint Patches { get; }

    public uint Embedded { get; }

    public uint Tokens { get; }

    public uint Normed { get; }

    public uint Qkv { get; }

    public uint Attended { get; }

    public uint Hidden { get; }

    public uint DecoderIn { get; }

    public uint DecoderTokens { get; }

    public uint Prediction { get; }

    /// <summary>Push-pull pyramid scratch of the residual hole fill: levels 1.. of vec4 per texel, per tile.</summary>
    public uint Pyramid { get; }

    public uint PyramidStride { get; }

    public long ArenaElements { get; }

    public uint Count { get; }

    public uint IdsKeep { get; }

    public uint IdsRestore { get; }

    public long IndexElements { get; }
}
