namespace MaeRealtime.Editor.Tests.Frames;

/// <summary>The frame-pipeline tests on the bundled model share one validated device and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class FramesGpuCollection : ICollectionFixture<GpuFixture>
{
    public const string Name = "Frames GPU";
}
