using MaeRealtime.Training.Model;
using MaeRealtime.Training.Tests.Support;

namespace MaeRealtime.Training.Tests.Model;

public sealed class PositionEmbeddingTests
{
    // A direct transcription of the reference formula for one entry, independent of the table loops.
    private static double Direct(int d, int grid, int row, int channel)
    {
        if (row == 0)
        {
            return 0; // cls token
        }

        int patch = row - 1, h = patch / grid, w = patch % grid;
        int half = d / 2, quarter = d / 4;
        double pos = channel < half ? w : h;    // first half: column, second half: row
        int c = channel % half;
        int i = c % quarter;
        double omega = 1.0 / Math.Pow(10000.0, (double)i / quarter);
        return c < quarter ? Math.Sin(pos * omega) : Math.Cos(pos * omega);
    }

    [Theory]
    [InlineData(48, 4)]
    [InlineData(32, 4)]
    [InlineData(192, 16)]
    [InlineData(8, 3)]
    public void EveryEntryMatchesTheDirectFormula(int d, int grid)
    {
        var table = PositionEmbedding.SinCos2D(d, grid);
        Assert.Equal(1 + grid * grid, table.GetLength(0));
        Assert.Equal(d, table.GetLength(1));
        for (int r = 0; r < table.GetLength(0); r++)
        {
            for (int c = 0; c < d; c++)
            {
                Assert.Equal(Direct(d, grid, r, c), table[r, c], 15);
            }
        }
    }

    [Fact]
    public void SpotValues()
    {
        // D = 8, G = 3: omega = [1, 0.01]. Patch (h=1, w=2) is row 1 + 1*3 + 2 = 6.
        var t = PositionEmbedding.SinCos2D(8, 3);
        Assert.Equal(0.0, t[0, 5]);
        Assert.Equal(Math.Sin(2.0), t[6, 0], 15);
        Assert.Equal(Math.Sin(0.02), t[6, 1], 15);
        Assert.Equal(Math.Cos(2.0), t[6, 2], 15);
        Assert.Equal(Math.Cos(0.02), t[6, 3], 15);
        Assert.Equal(Math.Sin(1.0), t[6, 4], 15);
        Assert.Equal(Math.Sin(0.01), t[6, 5], 15);
        Assert.Equal(Math.Cos(1.0), t[6, 6], 15);
        Assert.Equal(Math.Cos(0.01), t[6, 7], 15);
    }

    [Fact]
    public void ModelRegistersTheTablesRoundedToFloat()
    {
        var config = TestConfigs.Golden;
        using var model = new MaeRealtime.Training.Model.MaeModel(config);
        var sd = model.state_dict();
        foreach (var (name, d) in new[] { ("pos_embed", config.EmbedDim), ("decoder_pos_embed", config.DecoderEmbedDim) })
        {
            var expected = PositionEmbedding.SinCos2D(d, config.GridSize);
            var actual = sd[name].data<float>().ToArray();
            for (int r = 0; r < expected.GetLength(0); r++)
            {
                for (int c = 0; c < d; c++)
                {
                    Assert.Equal((float)expected[r, c], actual[r * d + c]);
                }
            }
        }
    }

    [Fact]
    public void MatchesTheGoldenCheckpointTable()
    {
        // The fixture's tables come from an independent float64 implementation.
        var config = GoldenFixture.Config();
        var stateDict = MaeRealtime.Training.Import.ReferenceCheckpoint.ReadStateDict(GoldenFixture.File("ref.pth"));
        try
        {
            var expected = PositionEmbedding.SinCos2D(config.EmbedDim, config.GridSize);
            var actual = stateDict["pos_embed"].data<float>().ToArray();
            double maxError = 0;
            for (int r = 0; r < expected.GetLength(0); r++)
            {
                for (int c = 0; c < config.EmbedDim; c++)
                {
                    maxError = Math.Max(maxError, Math.Abs(expected[r, c] - actual[r * config.EmbedDim + c]));
                }
            }

            Assert.True(maxError <= 1e-7, $"max |table - fixture| = {maxError}");
        }
        finally
        {
            foreach (var t in stateDict.Values)
            {
                t.Dispose();
            }
        }
    }

    [Fact]
    public void RejectsWidthsNotDivisibleByFour()
    {
        Assert.Throws<ArgumentException>(() => PositionEmbedding.SinCos2D(6, 2));
    }
}
