using MaeRealtime.TestSupport;

namespace MaeRealtime.Editor.Tests.Import;

/// <summary>The importer's GPU tests share one validated device and run one at a time (a context is not thread-safe).</summary>
[CollectionDefinition(Name)]
public sealed class ImportGpuCollection : ICollectionFixture<GpuFixture>
{
    public const string Name = "Import GPU";
}
