namespace MaeRealtime.Runtime.Frames;

/// <summary>
/// How a frame is covered by model-sized tiles: tile (gx, gy) has its top-left corner at
/// (gx * <see cref="Stride"/> - <see cref="Overlap"/> / 2, gy * <see cref="Stride"/> - <see cref="Overlap"/> / 2)
/// and is <see cref="TileSize"/> pixels square, so neighbours share <see cref="Overlap"/> pixels and each tile
/// owns the stride x stride cell at (gx * stride, gy * stride). Pixels of a tile past the frame's edge repeat
/// the edge pixel.
/// </summary>
/// <param name="TileSize">The model's input edge.</param>
/// <param name="Overlap">Pixels neighbouring tiles share.</param>
/// <param name="Width">Frame width.</param>
/// <param name="Height">Frame height.</param>
public readonly record struct FrameTileGrid(int TileSize, int Overlap, int Width, int Height)
{
    /// <summary>Distance between neighbouring tiles' corners.</summary>
    public int Stride => TileSize - Overlap;

    /// <summary>Tiles per row.</summary>
    public int TilesX => Math.Max(1, (Width + Stride - 1) / Stride);

    /// <summary>Tiles per column.</summary>
    public int TilesY => Math.Max(1, (Height + Stride - 1) / Stride);

    /// <summary>Tiles in the grid.</summary>
    public int Count => TilesX * TilesY;

    /// <summary>Top-left pixel of tile (<paramref name="gx"/>, <paramref name="gy"/>); may lie outside the frame.</summary>
    public (int X, int Y) Origin(int gx, int gy) => ((gx * Stride) - (Overlap / 2), (gy * Stride) - (Overlap / 2));
}
