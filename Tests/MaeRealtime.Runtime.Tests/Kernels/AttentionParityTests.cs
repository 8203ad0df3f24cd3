using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Inference.Kernels;
using MaeRealtime.Runtime.Tests.Gpu;
using MaeRealtime.Runtime.Tests.Support;

namespace MaeRealtime.Runtime.Tests.Kernels;

/// <summary>
/// Both attention kernels (attention.comp, the tiled family, and attention_rows_hd16/32/64, the CPU family) against a
/// float64 reference on packed rows: tiles with different row counts one after another, keys from one or two segments
/// (the encoder's self-attention, the masked-query decoder's queries attending to the encoder's rows and to each
/// other, the full decoder's fixed rows), at toy and at the product's real shapes (257 rows, head sizes 64 and 32).
/// </summary>
public sealed class AttentionParityTests(GpuFixture fixture) : GpuTest(fixture)
{
    private const double Fp32Tolerance = 2e-5;

    public static TheoryData<KernelFamily, string, int, int> Cases()
    {
        var data = new TheoryData<KernelFamily, string, int, int>();
        foreach (var family in Enum.GetValues<KernelFamily>())
        {
            data.Add(family, "self", 48, 3);    // head_dim 16
            data.Add(family, "self", 192, 3);   // the encoder: head_dim 64, up to 257 rows
            data.Add(family, "cross", 128, 4);  // the masked-query decoder: head_dim 32
            data.Add(family, "cross", 12, 3);   // head_dim 4 (the tiny model) in the 16 class
            data.Add(family, "full", 128, 4);   // the reference decoder: 1 + L rows per tile
            data.Add(family, "self", 60, 3);    // head_dim 20 in the 32 class
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PackedRows_MatchFloat64Reference(KernelFamily family, string mode, int d, int heads)
    {
        var (expected, actual, valid) = Run(family, mode, d, heads);
        for (int i = 0; i < valid.Length; i++)
        {
            if (valid[i])
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= Fp32Tolerance * Math.Max(1, Math.Abs(expected[i])), $"{family} {mode} d={d}: element {i}: expected {expected[i]}, found {actual[i]}");
            }
        }
    }

    [Theory]
    [InlineData(15, 3)] // head_dim 5
    [InlineData(160, 2)] // head_dim 80 > 64
    public void HeadDimTheRowKernelCannotHold_FallsBackToTheTiledKernel(int d, int heads)
    {
        var (expected, actual, valid) = Run(KernelFamily.Cpu, "self", d, heads);
        Assert.False(KernelSet.AttentionRowsFits(new AttentionPush { Hd = (uint)(d / heads), QStride = (uint)(3 * d), OutStride = (uint)d, AStride = (uint)(3 * d), AK = (uint)d, AV = (uint)(2 * d), BStride = 4 }));
        for (int i = 0; i < valid.Length; i++)
        {
            if (valid[i])
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= Fp32Tolerance * Math.Max(1, Math.Abs(expected[i])), $"element {i}");
            }
        }
    }

    private (double[] Expected, float[] Actual, bool[] Valid) Run(KernelFamily family, string mode, int d, int heads)
    {
        // Key rows (encoder rows, cls included) and query rows per tile: a full tile, a tile with only cls, odd counts.
        int[] keyRows = mode == "full" ? [257, 257, 257] : d >= 128 ? [257, 1, 41] : [7, 1, 12];
        int[] queryRows = mode switch
        {
            "self" => keyRows,
            "full" => keyRows,
            _ => d >= 128 ? [3, 256, 17] : [5, 4, 1],
        };
        int tiles = keyRows.Length, hd = d / heads;
        int keyTotal = keyRows.Sum(), queryTotal = queryRows.Sum();
        var info = new uint[tiles * 4];
        for (int b = 0, k = 0, q = 0; b < tiles; k += keyRows[b], q += queryRows[b], b++)
        {
            info[(b * 4) + 0] = (uint)k;
            info[(b * 4) + 1] = (uint)keyRows[b];
            info[(b * 4) + 2] = (uint)(mode == "self" ? k : q);
            info[(b * 4) + 3] = (uint)queryRows[b];
        }

        // self: one [rows, 3D] buffer. cross: keys' [rows, 2D] (k, v) + queries' [rows, 3D]. full: [tiles * 257, 3D].
        var keysKv = Tolerance.Random(keyTotal * (mode == "cross" ? 2 : 3) * d, 11, 2f);
        var queriesQkv = mode == "cross" ? Tolerance.Random(queryTotal * 3 * d, 12, 2f) : keysKv;
        var arena = new BufferBuilder<float>();
        uint offKeys = arena.Add(keysKv);
        uint offQueries = mode == "cross" ? arena.Add(queriesQkv) : offKeys;
        int outRows = mode == "self" || mode == "full" ? keyTotal : queryTotal;
        uint offOut = arena.Add(Enumerable.Repeat(float.NaN, outRows * d));
        var indices = new BufferBuilder<uint>();
        indices.Add([7u]);
        uint offInfo = indices.Add(info);
        uint keyStride = (uint)((mode == "cross" ? 2 : 3) * d), qStride = (uint)(3 * d);
        var push = new AttentionPush
        {
            H = (uint)heads,
            Hd = (uint)hd,
            Scale = 1f / MathF.Sqrt(hd),
            FullRows = 257,
            OffTileInfo = offInfo,
            CapRows = (uint)Math.Max(keyRows.Max(), queryRows.Max()),
            QSel = mode switch { "self" => 0u, "full" => 2u, _ => 1u },
            OffQ = offQueries,
            QStride = qStride,
            OffOut = offOut,
            OutStride = (uint)d,
            ASel = mode == "full" ? 2u : 0u,
            OffA = offKeys,
            AStride = keyStride,
            AK = mode == "cross" ? 0u : (uint)d,
            AV = mode == "cross" ? (uint)d : (uint)(2 * d),
            BSel = mode == "cross" ? 1u : 3u,
            OffB = offQueries,
            BStride = qStride,
            BK = (uint)d,
            BV = (uint)(2 * d),
        };

        using var h = new KernelHarness(Context, [0f], arena.ToArray(), indices.ToArray());
        var set = new KernelSet(Context, family, halfMatrices: false);
        var result = h.Run(rec => set.Attention(rec, push, (uint)tiles));
        var actual = result.AsSpan((int)offOut, outRows * d).ToArray();

        var expected = new double[outRows * d];
        var valid = new bool[outRows * d];
        for (int b = 0; b < tiles; b++)
        {
            int kBase = (int)info[b * 4], qBase = (int)info[(b * 4) + 2];
            var keys = new List<(float[] Buffer, int Row, int Stride, int K, int V)>();
            for (int j = 0; j < keyRows[b]; j++)
            {
                keys.Add((keysKv, kBase + j, (int)keyStride, (int)push.AK, (int)push.AV));
            }

            for (int j = 0; mode == "cross" && j < queryRows[b]; j++)
            {
                keys.Add((queriesQkv, qBase + j, (int)qStride, d, 2 * d));
            }

            for (int i = 0; i < queryRows[b]; i++)
            {
                int row = qBase + i;
                for (int head = 0; head < heads; head++)
                {
                    var scores = keys.Select(k =>
                    {
                        double dot = 0;
                        for (int e = 0; e < hd; e++)
                        {
                            dot += (double)queriesQkv[(row * (int)qStride) + (head * hd) + e] * k.Buffer[(k.Row * k.Stride) + k.K + (head * hd) + e];
                        }

                        return dot * push.Scale;
                    }).ToArray();
                    double max = scores.Max(), sum = scores.Sum(v => Math.Exp(v - max));
                    for (int e = 0; e < hd; e++)
                    {
                        double o = 0;
                        for (int j = 0; j < keys.Count; j++)
                        {
                            o += Math.Exp(scores[j] - max) * keys[j].Buffer[(keys[j].Row * keys[j].Stride) + keys[j].V + (head * hd) + e];
                        }

                        expected[(row * d) + (head * hd) + e] = o / sum;
                        valid[(row * d) + (head * hd) + e] = true;
                    }
                }
            }
        }

        return (expected, actual, valid);
    }
}
