using MaeRealtime.TestSupport;

namespace MaeRealtime.Training.Tests.Gpu;

/// <summary>GPU tests of this assembly: one shared, validated device, one test at a time.</summary>
[Collection(GpuCollection.Name)]
public abstract class GpuTest(GpuFixture fixture) : GpuTestBase(fixture);
