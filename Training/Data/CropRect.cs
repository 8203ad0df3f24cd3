namespace MaeRealtime.Training.Data;

/// <summary>A crop of a source image in pixels: top-left (<paramref name="X"/>, <paramref name="Y"/>) and size.</summary>
public readonly record struct CropRect(int X, int Y, int Width, int Height);
