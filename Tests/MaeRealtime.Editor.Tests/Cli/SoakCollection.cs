namespace MaeRealtime.Editor.Tests.Cli;

/// <summary>
/// The soak measures the test process's managed heap and resident memory from start to end, so it runs by itself,
/// after the parallel tests: another test allocating at the same time would count as the soak's growth.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoakCollection
{
    public const string Name = "Soak (not parallel)";
}
