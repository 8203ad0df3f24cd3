namespace MaeRealtime.Native.Tests;

/// <summary>The C ABI tests share one build of libmaert.so and the C programs, and run one at a time (2 cores, one GPU).</summary>
[CollectionDefinition(Name)]
public sealed class NativeCollection : ICollectionFixture<NativeBuildFixture>
{
    public const string Name = "native";
}
