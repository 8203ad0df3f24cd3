using MaeRealtime.Runtime.Inference.Kernels;
using MaeRealtime.Runtime.Tests.Gpu;
using MaeRealtime.Runtime.Tests.Support;

namespace MaeRealtime.Runtime.Tests.Kernels;

/// <summary>
/// The kernels that read the packed-row plan (Shaders/KERNELS.md) against straight loops over per-tile lists:
/// gather_patches, add_position (encoder rows and the decoder's key rows), query_tokens, scatter_mask_tokens and
/// unpatchify_composite, on tiles with different context and query counts, with grids rounded past the planned rows
/// (as an indirect pass dispatches them) so the row-count guards are exercised.
/// </summary>
public sealed class PackedRowKernelTests(GpuFixture fixture) : GpuTest(fixture)
{
    private const int L = 16, G = 4, P = 4, S = 16, Pv = P * P * 3;

    // Tile 0: context {0, 3, 5, 15}, queries {1, 2}; tile 1: no context, queries {7}; tile 2: context {9, 10}, queries {}.
    private static readonly int[][] ContextLists = [[0, 3, 5, 15], [], [9, 10]];
    private static readonly int[][] QueryLists = [[1, 2], [7], []];

    [Fact]
    public void GatherPatches_FollowsTheRowTable_AndBlanksHolePixels()
    {
        var plan = new Plan();
        var img = Tolerance.Random(3 * S * S * 3, 12).Select(v => (v + 1) / 2).ToArray();
        var mask = Tolerance.Random(3 * S * S, 14).Select(v => v > 0.6f ? 1f : 0f).ToArray();
        float[] mean = [0.485f, 0.456f, 0.406f], std = [0.229f, 0.224f, 0.225f];
        var arena = new BufferBuilder<float>();
        uint offImg = arena.Add(img), offMask = arena.Add(mask);
        uint offOut = arena.Add(Enumerable.Repeat(float.NaN, (plan.EncRows + 16) * Pv));

        using var h = new KernelHarness(Context, [0f], arena.ToArray(), plan.Words);
        var result = h.Run(rec => rec.DispatchElements(h.Kernel("gather_patches"), new GatherPatchesPush
        {
            S = S,
            P = P,
            G = G,
            L = L,
            OffImage = offImg,
            OffMask = offMask,
            OffOut = offOut,
            OffRowTile = plan.EncRowTile,
            OffRows = plan.PassInfo + 1,
            OffContext = plan.Context,
            Mean0 = mean[0],
            Mean1 = mean[1],
            Mean2 = mean[2],
            Std0 = std[0],
            Std1 = std[1],
            Std2 = std[2],
        }, (plan.EncRows + 16) * Pv));

        int row = 0;
        for (int b = 0; b < 3; b++)
        {
            for (int r = 0; r <= ContextLists[b].Length; r++, row++)
            {
                for (int v = 0; v < Pv; v++)
                {
                    float expected = 0;
                    if (r > 0)
                    {
                        int patch = ContextLists[b][r - 1], c = v % 3, k = v / 3;
                        int pixel = (((b * S) + ((patch / G * P) + (k / P))) * S) + (patch % G * P) + (k % P);
                        float value = mask[pixel] >= 0.5f ? 0f : img[(pixel * 3) + c];
                        expected = (value - mean[c]) / std[c];
                    }

                    Assert.Equal(expected, result[offOut + (row * Pv) + v], 5);
                }
            }
        }

        // Past the planned rows nothing is written, even though the grid covers them.
        Assert.True(float.IsNaN(result[offOut + (plan.EncRows * Pv)]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AddPosition_PlacesClsAndContextPositions(bool clsFromE)
    {
        var plan = new Plan();
        const int d = 8;
        var e = Tolerance.Random(plan.EncRows * d, 13);
        var cls = Tolerance.Random(d, 14);
        var pos = Tolerance.Random((L + 1) * d, 15);
        var weights = new BufferBuilder<float>();
        uint offCls = weights.Add(cls), offPos = weights.Add(pos);
        var arena = new BufferBuilder<float>();
        uint offE = arena.Add(e), offX = arena.Add(Enumerable.Repeat(float.NaN, (plan.EncRows + 16) * d));

        using var h = new KernelHarness(Context, weights.ToArray(), arena.ToArray(), plan.Words);
        var result = h.Run(rec => rec.DispatchElements(h.Kernel("add_position"), new AddPositionPush
        {
            D = d,
            L = L,
            OffE = offE,
            OffX = offX,
            OffPos = offPos,
            OffCls = offCls,
            OffRowTile = plan.EncRowTile,
            OffRows = plan.PassInfo + 1,
            OffContext = plan.Context,
            ClsFromE = clsFromE ? 1u : 0u,
        }, (plan.EncRows + 16) * d));

        int row = 0;
        for (int b = 0; b < 3; b++)
        {
            for (int r = 0; r <= ContextLists[b].Length; r++, row++)
            {
                for (int k = 0; k < d; k++)
                {
                    float expected = r == 0
                        ? (clsFromE ? e[(row * d) + k] : cls[k]) + pos[k]
                        : e[(row * d) + k] + pos[((1 + ContextLists[b][r - 1]) * d) + k];
                    Assert.Equal(expected, result[offX + (row * d) + k], 6);
                }
            }
        }

        Assert.True(float.IsNaN(result[offX + (plan.EncRows * d)]));
    }

    [Fact]
    public void QueryTokens_AreTheMaskTokenPlusEachQuerysPosition()
    {
        var plan = new Plan();
        const int dd = 8;
        var mask = Tolerance.Random(dd, 17);
        var pos = Tolerance.Random((L + 1) * dd, 18);
        var weights = new BufferBuilder<float>();
        uint offMask = weights.Add(mask), offPos = weights.Add(pos);
        var arena = new BufferBuilder<float>();
        uint offX = arena.Add(Enumerable.Repeat(float.NaN, (plan.QueryRows + 16) * dd));

        using var h = new KernelHarness(Context, weights.ToArray(), arena.ToArray(), plan.Words);
        var result = h.Run(rec => rec.DispatchElements(h.Kernel("query_tokens"), new QueryTokensPush
        {
            Dd = dd,
            L = L,
            OffX = offX,
            OffPos = offPos,
            OffMaskToken = offMask,
            OffRowTile = plan.QueryRowTile,
            OffRows = plan.PassInfo + 2,
            OffQuery = plan.Query,
        }, (plan.QueryRows + 16) * dd));

        int row = 0;
        for (int b = 0; b < 3; b++)
        {
            foreach (int patch in QueryLists[b])
            {
                for (int k = 0; k < dd; k++)
                {
                    Assert.Equal(mask[k] + pos[((1 + patch) * dd) + k], result[offX + (row * dd) + k], 6);
                }

                row++;
            }
        }

        Assert.True(float.IsNaN(result[offX + (plan.QueryRows * dd)]));
    }

    [Fact]
    public void ScatterMaskTokens_GivesEveryPatchItsEncoderRowOrTheMaskToken()
    {
        var plan = new Plan();
        const int dd = 4;
        var ed = Tolerance.Random(plan.EncRows * dd, 16);
        var mask = Tolerance.Random(dd, 17);
        var pos = Tolerance.Random((L + 1) * dd, 18);
        var weights = new BufferBuilder<float>();
        uint offMask = weights.Add(mask), offPos = weights.Add(pos);
        var arena = new BufferBuilder<float>();
        uint offEd = arena.Add(ed), offXd = arena.Reserve(3 * (L + 1) * dd);

        using var h = new KernelHarness(Context, weights.ToArray(), arena.ToArray(), plan.Words);
        var result = h.Run(rec => rec.DispatchElements(h.Kernel("scatter_mask_tokens"), new ScatterMaskTokensPush
        {
            L = L,
            Dd = dd,
            OffEd = offEd,
            OffXd = offXd,
            OffMaskToken = offMask,
            OffPos = offPos,
            OffTileInfo = plan.TileInfo,
            OffRank = plan.Rank,
            OffTiles = plan.PassInfo,
        }, 3 * (L + 1) * dd));

        for (int b = 0, encBase = 0; b < 3; encBase += 1 + ContextLists[b].Length, b++)
        {
            for (int t = 0; t <= L; t++)
            {
                int r = t == 0 ? 0 : Array.IndexOf(ContextLists[b], t - 1) + 1; // 0: not seen by the encoder
                for (int k = 0; k < dd; k++)
                {
                    float token = t == 0 || r > 0 ? ed[((encBase + r) * dd) + k] : mask[k];
                    Assert.Equal(token + pos[(t * dd) + k], result[offXd + (((b * (L + 1)) + t) * dd) + k], 6);
                }
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void UnpatchifyComposite_PredictedPatchesOnly_KnownPixelsBitExact(bool fullDecoder)
    {
        var plan = new Plan();
        int predRows = fullDecoder ? 3 * (L + 1) : plan.QueryRows;
        var pred = Tolerance.Random(predRows * Pv, 19, 3f);
        var img = Tolerance.Random(3 * S * S * 3, 20).Select(v => (v + 1) / 2).ToArray();
        var holes = Tolerance.Random(3 * S * S, 21).Select(v => v > 0.3f ? 1f : 0f).ToArray();
        float[] mean = [0.485f, 0.456f, 0.406f], std = [0.229f, 0.224f, 0.225f];
        var arena = new BufferBuilder<float>();
        uint offPred = arena.Add(pred), offImg = arena.Add(img), offMask = arena.Add(holes);
        uint offRecon = arena.Reserve(img.Length), offOut = arena.Reserve(img.Length);

        using var h = new KernelHarness(Context, [0f], arena.ToArray(), plan.Words);
        var result = h.Run(rec => rec.DispatchElements(h.Kernel("unpatchify_composite"), new UnpatchifyCompositePush
        {
            S = S,
            P = P,
            G = G,
            FullDecoder = fullDecoder ? 1u : 0u,
            OffPred = offPred,
            OffImage = offImg,
            OffMask = offMask,
            OffRecon = offRecon,
            OffOut = offOut,
            OffTileInfo = plan.TileInfo,
            OffRank = plan.Rank,
            OffTiles = plan.PassInfo,
            Mean0 = mean[0],
            Mean1 = mean[1],
            Mean2 = mean[2],
            Std0 = std[0],
            Std1 = std[1],
            Std2 = std[2],
        }, 3 * S * S));

        for (int b = 0, qBase = 0; b < 3; qBase += QueryLists[b].Length, b++)
        {
            for (int y = 0; y < S; y++)
            {
                for (int x = 0; x < S; x++)
                {
                    int patch = (y / P * G) + (x / P), i = (b * S * S) + (y * S) + x;
                    int j = Array.IndexOf(QueryLists[b], patch);
                    int row = fullDecoder ? (b * (L + 1)) + 1 + patch : j < 0 ? -1 : qBase + j;
                    for (int c = 0; c < 3; c++)
                    {
                        float recon = row < 0 ? img[(i * 3) + c] : (pred[(row * Pv) + ((((y % P) * P) + (x % P)) * 3) + c] * std[c]) + mean[c];
                        Assert.Equal(recon, result[offRecon + (i * 3) + c], 5);
                        if (holes[i] < 0.5f)
                        {
                            Assert.Equal(BitConverter.SingleToInt32Bits(img[(i * 3) + c]), BitConverter.SingleToInt32Bits(result[offOut + (i * 3) + c]));
                        }
                        else
                        {
                            Assert.Equal(Math.Clamp(recon, 0, 1), result[offOut + (i * 3) + c], 5);
                        }
                    }
                }
            }
        }
    }

    /// <summary>The index words of one pass over <see cref="ContextLists"/> / <see cref="QueryLists"/>, laid out as Shaders/KERNELS.md states.</summary>
    private sealed class Plan
    {
        public Plan()
        {
            var words = new BufferBuilder<uint>();
            words.Add([0xDEADu]); // nothing sits at offset 0
            var info = new List<uint>();
            var encRowTile = new List<uint>();
            var queryRowTile = new List<uint>();
            var context = new uint[3 * L];
            var query = new uint[3 * L];
            var rank = new uint[3 * L];
            for (int b = 0; b < 3; b++)
            {
                info.AddRange([(uint)EncRows, (uint)(1 + ContextLists[b].Length), (uint)QueryRows, (uint)QueryLists[b].Length]);
                for (int r = 0; r <= ContextLists[b].Length; r++)
                {
                    encRowTile.Add((uint)((b * 4096) + r));
                }

                for (int j = 0; j < QueryLists[b].Length; j++)
                {
                    queryRowTile.Add((uint)((b * 4096) + j));
                    query[(b * L) + j] = (uint)QueryLists[b][j];
                    rank[(b * L) + QueryLists[b][j]] = 0x80000000u | (uint)j;
                }

                for (int r = 0; r < ContextLists[b].Length; r++)
                {
                    context[(b * L) + r] = (uint)ContextLists[b][r];
                    rank[(b * L) + ContextLists[b][r]] = (uint)(1 + r);
                }

                EncRows += 1 + ContextLists[b].Length;
                QueryRows += QueryLists[b].Length;
            }

            TileInfo = words.Add(info);
            Context = words.Add(context);
            Query = words.Add(query);
            Rank = words.Add(rank);
            PassInfo = words.Add([3u, (uint)EncRows, (uint)QueryRows, 0, 0, 0, 0, 0]);
            // Stale entries past the planned rows, as a reused buffer holds: the kernels must not follow them.
            EncRowTile = words.Add([.. encRowTile, .. Enumerable.Repeat(0xFFFFFFu, 32)]);
            QueryRowTile = words.Add([.. queryRowTile, .. Enumerable.Repeat(0xFFFFFFu, 32)]);
            Words = words.ToArray();
        }

        public int EncRows { get; }

        public int QueryRows { get; }

        public uint TileInfo { get; }

        public uint Context { get; }

        public uint Query { get; }

        public uint Rank { get; }

        public uint PassInfo { get; }

        public uint EncRowTile { get; }

        public uint QueryRowTile { get; }

        public uint[] Words { get; }
    }
}
