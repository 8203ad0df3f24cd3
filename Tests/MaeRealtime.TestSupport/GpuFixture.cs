using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.TestSupport;

/// <summary>One Vulkan device (lavapipe in CI) with the Khronos validation layer on, shared by every GPU test.</summary>
public sealed class GpuFixture : IDisposable
{
    public GpuFixture()
    {
        CacheDirectory = Path.Combine(Path.GetTempPath(), $"mae-test-pipelines-{Environment.ProcessId}");
        Context = GpuContext.Create(new GpuContextOptions { Validation = true, PipelineCacheDirectory = CacheDirectory });
    }

    public GpuContext Context { get; }

    public string CacheDirectory { get; }

    public void Dispose()
    {
        Context.Dispose();
        try
        {
            Directory.Delete(CacheDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
