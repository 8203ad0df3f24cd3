using static TorchSharp.torch;

namespace MaeRealtime.Training.Model;

/// <summary>
/// The fixed 2D sine-cosine position table of facebookresearch/mae (util/pos_embed.py), computed in double.
/// Row 0 belongs to the cls token and is zero; row 1 + (h*G + w) belongs to the patch in grid row h, column w.
/// Channels [0, D/2) encode the column w and [D/2, D) the row h; inside each half the first quarter-width
/// is sin(pos * omega_i) and the second cos(pos * omega_i), omega_i = 10000^(-i / (D/4)).
/// </summary>
public static class PositionEmbedding
{
    /// <summary>The table as [1 + G*G, D] doubles, cls row first.</summary>
    /// <exception cref="ArgumentException"><paramref name="embedDim"/> is not a positive multiple of 4.</exception>
    public static double[,] SinCos2D(int embedDim, int gridSize)
    {
        if (embedDim <= 0 || embedDim % 4 != 0)
        {
            // The reference splits D in half (h/w) and each half again (sin/cos), asserting even sizes.
            throw new ArgumentException($"2D sin-cos position embedding: expected a width divisible by 4, found {embedDim}.", nameof(embedDim));
        }

        if (gridSize <= 0)
        {
            throw new ArgumentException($"2D sin-cos position embedding: expected a positive grid size, found {gridSize}.", nameof(gridSize));
        }

        int half = embedDim / 2, quarter = embedDim / 4;
        var omega = new double[quarter];
        for (int i = 0; i < quarter; i++)
        {
            omega[i] = 1.0 / Math.Pow(10000.0, i / (double)quarter);
        }

        var table = new double[1 + gridSize * gridSize, embedDim];
        for (int h = 0; h < gridSize; h++)
        {
            for (int w = 0; w < gridSize; w++)
            {
                int row = 1 + h * gridSize + w;
                for (int i = 0; i < quarter; i++)
                {
                    table[row, i] = Math.Sin(w * omega[i]);
                    table[row, quarter + i] = Math.Cos(w * omega[i]);
                    table[row, half + i] = Math.Sin(h * omega[i]);
                    table[row, half + quarter + i] = Math.Cos(h * omega[i]);
                }
            }
        }

        return table;
    }

    /// <summary>The table as a float32 tensor [1, 1 + G*G, D], the shape of the reference's parameter.</summary>
    public static Tensor SinCos2DTensor(int embedDim, int gridSize)
    {
        double[,] table = SinCos2D(embedDim, gridSize);
        int rows = table.GetLength(0);
        var values = new float[rows * embedDim];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < embedDim; c++)
            {
                values[r * embedDim + c] = (float)table[r, c];
            }
        }

        return tensor(values, new long[] { 1, rows, embedDim }, ScalarType.Float32);
    }
}
