using MaeRealtime.Runtime.Model;

namespace MaeRealtime.Runtime.Inference;

/// <summary>
/// Element offsets of every tensor of a forward pass inside the activation arena, and word offsets of the index
/// buffer. The arena holds one pass of up to <see cref="MaxTiles"/> tiles whose rows are packed one tile after
/// another (encoder rows: cls + context; query rows: the masked patches; the full decoder: 1 + L per tile), sized
/// for the worst case of every patch taking part, so one arena serves any mask. The index buffer holds, per slot of
/// <c>indexTiles</c> (the frame pass plans every tile of a frame at once and runs them C at a time): the tile's
/// row ranges [encBase, encCount, qBase, qCount] (pass-local), its context, query and rank lists, and per pass its
/// extents [tiles, encRows, qRows, ...] and row tables (packed row -&gt; tile * 4096 + row in tile).
/// Offsets are 64-element aligned. With half activations the transient tensors (<see cref="Normed"/>,
/// <see cref="Qkv"/>, <see cref="Attended"/>, <see cref="Hidden"/>, <see cref="KeyValues"/>) are fp16: they take half
/// the space, and their offsets count halves (the <c>acth[]</c> view of Shaders/include/common.glsl).
/// </summary>
internal sealed class ActivationLayout
{
    /// <summary>Words per pass in <see cref="PassInfo"/>: tiles, encoder rows, query rows, then scratch of frame_scan.</summary>
    public const int PassInfoWords = 8;

    /// <summary>Words per slot in <see cref="TileInfo"/>: encBase, encCount, qBase, qCount.</summary>
    public const int TileInfoWords = 4;

    /// <summary>A row table entry is tile * <see cref="RowTileStride"/> + row in tile (rows per tile stay below it: at most 2048).</summary>
    public const int RowTileStride = 4096;

    private const long AlignElements = 64;

    public ActivationLayout(MaeConfig c, int maxTiles)
        : this(c, maxTiles, maxTiles, halfActivations: false)
    {
    }

    /// <summary>
    /// An arena for <paramref name="maxTiles"/> tiles per pass and an index buffer for <paramref name="indexTiles"/>;
    /// <paramref name="halfActivations"/>: the transient tensors are fp16.
    /// </summary>
    public ActivationLayout(MaeConfig c, int maxTiles, int indexTiles, bool halfActivations)
    {
        MaxTiles = maxTiles;
        HalfActivations = halfActivations;
        int l = c.NumPatches;
        ListWords = (uint)l;
        long b = maxTiles, s2 = (long)c.ImageSize * c.ImageSize, rows = b * (l + 1);
        EncoderRowCapacity = checked((int)rows);
        QueryRowCapacity = checked((int)(b * l));
        int width = Math.Max(c.EmbedDim, c.DecoderEmbedDim);
        int hidden = Math.Max(c.MlpHidden, c.DecoderMlpHidden);
        long next = 0;
        uint Take(long elements)
        {
            long at = next;
            next += (elements + AlignElements - 1) / AlignElements * AlignElements;
            return checked((uint)at);
        }

        // A transient tensor: fp16 elements (two per float of the arena, offset in halves) with half activations.
        uint TakeTransient(long elements) => halfActivations ? checked(2 * Take((elements + 1) / 2)) : Take(elements);

        Image = Take(b * s2 * 3);
        Mask = Take(b * s2);
        Recon = Take(b * s2 * 3);
        Output = Take(b * s2 * 3);
        Patches = Take(rows * c.PatchValues);
        Embedded = Take(rows * c.EmbedDim);
        Tokens = Take(rows * c.EmbedDim);
        Normed = TakeTransient(rows * width);
        Qkv = TakeTransient(rows * 3 * width);
        Attended = TakeTransient(rows * width);
        Hidden = TakeTransient(rows * hidden);
        DecoderIn = Take(rows * c.DecoderEmbedDim);
        DecoderTokens = Take(rows * c.DecoderEmbedDim);
        if (c.Decoder == DecoderKind.MaskedQueries)
        {
            DecoderKeys = Take(rows * c.DecoderEmbedDim);
            KeyValues = TakeTransient(rows * 2 * c.DecoderEmbedDim);
        }

        Prediction = Take(rows * c.PatchValues);
        PyramidStride = (uint)PyramidFloatsPerTile(c.ImageSize);
        Pyramid = Take(b * PyramidStride);
        ArenaElements = next;

        long slots = indexTiles, passes = (indexTiles + maxTiles - 1) / maxTiles;
        long words = 0;
        uint Words(long count)
        {
            long at = words;
            words += count;
            return checked((uint)at);
        }

        TileInfo = Words(slots * TileInfoWords);
        Context = Words(slots * l);
        Query = Words(slots * l);
        Rank = Words(slots * l);
        PassInfo = Words(passes * PassInfoWords);
        EncoderRowTile = Words(passes * EncoderRowCapacity);
        QueryRowTile = Words(passes * QueryRowCapacity);
        IndexElements = words;
    }

    public int MaxTiles { get; }

    /// <summary>Whether the transient tensors are fp16 (their offsets count halves).</summary>
    public bool HalfActivations { get; }

    /// <summary>Encoder rows one pass can hold: every tile with every patch visible (1 + L rows each).</summary>
    public int EncoderRowCapacity { get; }

    /// <summary>Query rows one pass can hold: every patch of every tile masked.</summary>
    public int QueryRowCapacity { get; }

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

    /// <summary>Patchified encoder rows [encRows, PV] (the cls rows hold zeros).</summary>
    public uint Patches { get; }

    public uint Embedded { get; }

    public uint Tokens { get; }

    public uint Normed { get; }

    public uint Qkv { get; }

    public uint Attended { get; }

    public uint Hidden { get; }

    /// <summary>The encoder's output embedded to the decoder width [encRows, Dd].</summary>
    public uint DecoderIn { get; }

    /// <summary>The decoder's residual stream: all 1 + L rows per tile (full) or the query rows (masked queries).</summary>
    public uint DecoderTokens { get; }

    /// <summary>Masked-query decoder: its key rows, decoder-embedded encoder rows plus position [encRows, Dd].</summary>
    public uint DecoderKeys { get; }

    /// <summary>Masked-query decoder: each block's k and v of the key rows [encRows, 2 Dd].</summary>
    public uint KeyValues { get; }

    public uint Prediction { get; }

    /// <summary>Push-pull pyramid scratch of the residual hole fill: levels 1.. of vec4 per texel, per tile.</summary>
    public uint Pyramid { get; }

    public uint PyramidStride { get; }

    public long ArenaElements { get; }

    public uint TileInfo { get; }

    public uint Context { get; }

    public uint Query { get; }

    public uint Rank { get; }

    public uint PassInfo { get; }

    public uint EncoderRowTile { get; }

    public uint QueryRowTile { get; }

    public long IndexElements { get; }

    /// <summary>The index-buffer offsets pass <paramref name="pass"/> of <see cref="MaxTiles"/> tiles reads.</summary>
    public PassOffsets ForPass(int pass)
    {
        uint slot = (uint)(pass * MaxTiles);
        return new PassOffsets(
            TileInfo + (slot * TileInfoWords),
            Context + (slot * ListWords),
            Query + (slot * ListWords),
            Rank + (slot * ListWords),
            PassInfo + (uint)(pass * PassInfoWords),
            EncoderRowTile + (uint)(pass * EncoderRowCapacity),
            QueryRowTile + (uint)(pass * QueryRowCapacity));
    }

    /// <summary>Words per slot of each patch list: L.</summary>
    private uint ListWords { get; }
}
