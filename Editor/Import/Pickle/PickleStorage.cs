namespace MaeRealtime.Editor.Import.Pickle;

/// <summary>A tensor storage a PyTorch pickle refers to by persistent id: its archive entry and element count.</summary>
/// <param name="Key">The entry name under <c>data/</c>.</param>
/// <param name="ElementBytes">Bytes per element of its storage type.</param>
/// <param name="Elements">Elements it holds.</param>
internal sealed record PickleStorage(string Key, int ElementBytes, long Elements);
