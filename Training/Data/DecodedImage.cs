namespace MaeRealtime.Training.Data;

/// <summary>A decoded source image kept in memory: 8-bit RGB, row-major, channels interleaved.</summary>
/// <param name="Source">The file it came from.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Rgb">Width * Height * 3 bytes; the red value of (x, y) is at (y * Width + x) * 3.</param>
public sealed record DecodedImage(string Source, int Width, int Height, byte[] Rgb)
{
    /// <summary>Checks that <see cref="Rgb"/> has the size the dimensions imply.</summary>
    public void Validate()
    {
        if (Width <= 0 || Height <= 0 || Rgb.Length != (long)Width * Height * 3)
        {
            throw new ArgumentException($"Image '{Source}': {Width}x{Height} needs {(long)Width * Height * 3} bytes, found {Rgb.Length}.");
        }
    }
}
