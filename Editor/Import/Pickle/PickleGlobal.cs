namespace MaeRealtime.Editor.Import.Pickle;

/// <summary>A pickle <c>GLOBAL</c> reference (module and name): only a name here, never looked up or called.</summary>
/// <param name="Module">The Python module.</param>
/// <param name="Name">The attribute in it.</param>
internal sealed record PickleGlobal(string Module, string Name)
{
    /// <inheritdoc />
    public override string ToString() => $"{Module}.{Name}";
}
