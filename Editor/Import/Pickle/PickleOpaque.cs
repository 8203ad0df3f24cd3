namespace MaeRealtime.Editor.Import.Pickle;

/// <summary>
/// Any value of a PyTorch pickle the scan does not need to know (dicts, numbers, strings, objects): the scan only
/// tracks what sizes an allocation. One shared instance.
/// </summary>
internal sealed class PickleOpaque
{
    /// <summary>The one instance.</summary>
    public static readonly PickleOpaque Value = new();

    private PickleOpaque()
    {
    }
}
