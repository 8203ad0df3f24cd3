namespace MaeRealtime.Viewer.Views;

/// <summary>Display names of the views, as the overlay and the help list them.</summary>
internal static class ViewModeNames
{
    public static string Name(ViewMode mode) => mode switch
    {
        ViewMode.Composite => "COMPOSITE",
        ViewMode.InputWithMask => "INPUT + MASK",
        ViewMode.Reconstruction => "RECONSTRUCTION",
        ViewMode.Error => "ERROR VS ORIGINAL",
        ViewMode.TileGrid => "TILE GRID",
        _ => mode.ToString().ToUpperInvariant(),
    };
}
