namespace MaeRealtime.Training.Tests.Support;

/// <summary>A unique path under the temp folder, deleted on dispose.</summary>
internal sealed class TempFile : IDisposable
{
    public TempFile(string extension)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"mae-training-tests-{Guid.NewGuid():N}{extension}");
    }

    public string Path { get; }

    public void Dispose()
    {
        if (File.Exists(Path))
        {
            File.Delete(Path);
        }
    }
}
