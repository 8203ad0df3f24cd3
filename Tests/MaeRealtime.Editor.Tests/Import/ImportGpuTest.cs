using MaeRealtime.TestSupport;

namespace MaeRealtime.Editor.Tests.Import;

/// <summary>Base of the importer's GPU tests: the shared device, failing any test that raised a validation error.</summary>
[Collection(ImportGpuCollection.Name)]
public abstract class ImportGpuTest(GpuFixture fixture) : GpuTestBase(fixture);
