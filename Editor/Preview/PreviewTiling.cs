namespace MaeRealtime.Editor.Preview;

/// <summary>
/// How <c>mae preview</c> covers an image with model tiles: the largest centred region whose sides are multiples of
/// the tile size S, cut into non-overlapping S x S tiles in row-major order. The frame pipeline blends overlapping
/// tiles; the preview shows the raw model, so seams at tile borders are the model's own.
/// </summary>
/// <param name="Width">Image width.</param>
/// <param name="Height">Image height.</param>
/// <param name="TileSize">The model's tile size S.</param>
internal sealed record PreviewTiling(int Width, int Height, int TileSize)
{
    public int Columns => Width / TileSize;

    public int Rows => Height / TileSize;

    public int Tiles => Columns * Rows;

    public int CropWidth => Columns * TileSize;

    public int CropHeight => Rows * TileSize;

    public int CropX => (Width - CropWidth) / 2;

    public int CropY => (Height - CropHeight) / 2;

    /// <summary>Copies the crop of a [Height, Width, channels] image into [tiles, S, S, channels] tile order.</summary>
    public float[] ToTiles(float[] image, int channels)
    {
        int s = TileSize;
        var tiles = new float[Tiles * s * s * channels];
        ForEachPixel((tile, ty, tx, x, y) =>
            Array.Copy(image, ((y * Width) + x) * channels, tiles, ((((tile * s) + ty) * s) + tx) * channels, channels));
        return tiles;
    }

    /// <summary>The inverse of <see cref="ToTiles"/> into a [CropHeight, CropWidth, channels] image.</summary>
    public float[] FromTiles(float[] tiles, int channels)
    {
        int s = TileSize;
        var image = new float[CropWidth * CropHeight * channels];
        ForEachPixel((tile, ty, tx, x, y) =>
            Array.Copy(tiles, ((((tile * s) + ty) * s) + tx) * channels, image, ((((y - CropY) * CropWidth) + (x - CropX)) * channels), channels));
        return image;
    }

    /// <summary>The crop of a [Height, Width, channels] image.</summary>
    public T[] Crop<T>(T[] image, int channels)
    {
        var result = new T[CropWidth * CropHeight * channels];
        for (int y = 0; y < CropHeight; y++)
        {
            Array.Copy(image, (((y + CropY) * Width) + CropX) * channels, result, y * CropWidth * channels, CropWidth * channels);
        }

        return result;
    }

    private void ForEachPixel(Action<int, int, int, int, int> visit)
    {
        int s = TileSize;
        for (int row = 0; row < Rows; row++)
        {
            for (int col = 0; col < Columns; col++)
            {
                int tile = (row * Columns) + col;
                for (int ty = 0; ty < s; ty++)
                {
                    for (int tx = 0; tx < s; tx++)
                    {
                        visit(tile, ty, tx, CropX + (col * s) + tx, CropY + (row * s) + ty);
                    }
                }
            }
        }
    }
}
