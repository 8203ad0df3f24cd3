using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.TestSupport;

/// <summary>
/// Base of every GPU test: fails the test when the validation layer reported an error during it.
/// Each test project derives its own <c>GpuTest</c> with <c>[Collection("GPU")]</c>, because xunit
/// looks for collection definitions in the test assembly itself.
/// </summary>
public abstract class GpuTestBase : IDisposable
{
    private readonly int _errorsBefore;

    protected GpuTestBase(GpuFixture fixture)
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
