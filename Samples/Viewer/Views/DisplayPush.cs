using System.Runtime.InteropServices;

namespace MaeRealtime.Viewer.Views;

/// <summary>The display shader's push constants (Shaders/display.comp, same order and std430 offsets).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DisplayPush
{
    public int DisplayWidth;
    public int DisplayHeight;
    public int FrameWidth;
    public int FrameHeight;
    public float OriginX;
    public float OriginY;
    public float Scale;
    public uint Mode;
    public int TilesX;
    public int TilesY;
    public int TileStride;
    public int TileSize;
    public int TileOverlap;
    public int PatchSize;
    public int TextColumns;
    public int TextRows;
    public int TextScale;
    public uint Flags;
    public float BrushX;
    public float BrushY;
    public float BrushRadius;
    public float ErrorGain;

    /// <summary><see cref="Flags"/> bit: draw the brush ring.</summary>
    public const uint ShowBrush = 1;
}
