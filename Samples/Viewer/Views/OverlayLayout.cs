namespace MaeRealtime.Viewer.Views;

/// <summary>
/// Word offsets of the overlay buffer the display shader reads (Shaders/display.comp spells the same numbers):
/// the font, the tile flags of the latest completed frame, then the text cells.
/// </summary>
internal static class OverlayLayout
{
    public const int FontOffset = 0;
    public const int FontWords = 96 * 2;
    public const int TileOffset = FontOffset + FontWords;
    public const int MaxTiles = 2048;
    public const int TextOffset = TileOffset + MaxTiles;
    public const int MaxTextColumns = 160;
    public const int MaxTextRows = 64;
    public const int TotalWords = TextOffset + (MaxTextColumns * MaxTextRows);
    public const ulong TotalBytes = TotalWords * sizeof(uint);
}
