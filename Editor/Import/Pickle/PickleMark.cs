namespace MaeRealtime.Editor.Import.Pickle;

/// <summary>The pickle <c>MARK</c> on the scan's stack. One shared instance.</summary>
internal sealed class PickleMark
{
    /// <summary>The one instance.</summary>
    public static readonly PickleMark Value = new();

    private PickleMark()
    {
    }
}
