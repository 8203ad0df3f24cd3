namespace MaeRealtime.Training.Tests.Trainer;

/// <summary>Tests that force garbage collections run by themselves, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GcStressCollection
{
    public const string Name = "GC stress (not parallel)";
}
