using System.Buffers.Binary;

namespace MaeRealtime.Runtime.Model;

/// <summary>
/// The config block of a weight file (docs/WEIGHT_FORMAT.md), the one place that knows its fields and their order
/// in each format version: v1 ends with the hole fill, v2 adds the decoder kind and the context radius.
/// </summary>
public static class WeightFileConfigBlock
{
    /// <summary>Bytes of the config block in format <paramref name="version"/> (1 or 2).</summary>
    public static int Bytes(uint version) => version switch
    {
        1 => 76,
        2 => 84,
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "known weight format versions are 1 and 2"),
    };

    /// <summary>
    /// The config stored in <paramref name="block"/> (exactly <see cref="Bytes"/> bytes) as written; not validated.
    /// Fields a version lacks take the values that version implies (v1: full decoder, every visible patch as context).
    /// </summary>
    public static MaeConfig Decode(ReadOnlySpan<byte> block, uint version)
    {
        if (block.Length != Bytes(version))
        {
            throw new ArgumentException($"A v{version} config block has {Bytes(version)} bytes; found {block.Length}.", nameof(block));
        }

        int I(ReadOnlySpan<byte> b, int i) => BinaryPrimitives.ReadInt32LittleEndian(b[(i * 4)..]);
        float F(ReadOnlySpan<byte> b, int i) => BinaryPrimitives.ReadSingleLittleEndian(b[(i * 4)..]);
        return new MaeConfig
        {
            ImageSize = I(block, 0),
            PatchSize = I(block, 1),
            EmbedDim = I(block, 2),
            Depth = I(block, 3),
            NumHeads = I(block, 4),
            DecoderEmbedDim = I(block, 5),
            DecoderDepth = I(block, 6),
            DecoderNumHeads = I(block, 7),
            MlpRatio = F(block, 8),
            LayerNormEps = F(block, 9),
            Mean = [F(block, 10), F(block, 11), F(block, 12)],
            Std = [F(block, 13), F(block, 14), F(block, 15)],
            Target = (PixelTarget)I(block, 16),
            Masking = (MaskPolicy)I(block, 17),
            Fill = (HoleFill)I(block, 18),
            Decoder = version >= 2 ? (DecoderKind)I(block, 19) : DecoderKind.Full,
            ContextRadius = version >= 2 ? I(block, 20) : 0,
        };
    }

    /// <summary>The config block of <paramref name="c"/> in the current format version.</summary>
    public static byte[] Encode(MaeConfig c)
    {
        var block = new byte[Bytes(WeightFileFormat.Version)];
        int i = 0;
        void I(int v) => BinaryPrimitives.WriteInt32LittleEndian(block.AsSpan(i++ * 4), v);
        void F(float v) => BinaryPrimitives.WriteSingleLittleEndian(block.AsSpan(i++ * 4), v);
        foreach (int v in new[] { c.ImageSize, c.PatchSize, c.EmbedDim, c.Depth, c.NumHeads, c.DecoderEmbedDim, c.DecoderDepth, c.DecoderNumHeads })
        {
            I(v);
        }

        F(c.MlpRatio);
        F(c.LayerNormEps);
        foreach (float v in c.Mean.Concat(c.Std))
        {
            F(v);
        }

        I((int)c.Target);
        I((int)c.Masking);
        I((int)c.Fill);
        I((int)c.Decoder);
        I(c.ContextRadius);
        return block;
    }
}
