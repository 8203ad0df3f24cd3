using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.Runtime.Tests.Gpu;

/// <summary>Base of every GPU test: fails the test when the validation layer reported an error during it.</summary>
[Collection(GpuCollection.Name)]
public abstract class GpuTest : IDisposable
{
    private readonly int _errorsBefore;

    protected GpuTest(GpuFixture fixture)
    {
        Fixture = fixture;
        Assert.NotNull(fixture.Context.Validation);
        _errorsBefore = fixture.Context.ValidationErrorCount;
    }

    protected GpuFixture Fixture { get; }

    protected GpuContext Context => Fixture.Context;

    public void Dispose()
    {
        int errors = Context.ValidationErrorCount - _errorsBefore;
        Assert.True(errors == 0, $"{errors} Vulkan validation error(s):\n{string.Join("\n", Context.Validation!.RecentMessages)}");
        GC.SuppressFinalize(this);
    }
}
