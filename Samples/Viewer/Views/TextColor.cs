namespace MaeRealtime.Viewer.Views;

/// <summary>Text colours of the overlay (the display shader's palette).</summary>
internal enum TextColor
{
    White = 0,
    Yellow = 1,
    Green = 2,
    Red = 3,
}
