using MaeRealtime.TestSupport;

namespace MaeRealtime.Training.Tests.Gpu;

/// <summary>GPU tests share one device and run one at a time (a context is not thread-safe).</summary>
[CollectionDefinition(Name)]
public sealed class GpuCollection : ICollectionFixture<GpuFixture>
{
    public const string Name = "GPU";
}
