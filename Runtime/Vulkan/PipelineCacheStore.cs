using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Vulkan;

/// <summary>
/// A VkPipelineCache loaded from and saved to disk, one file per device and driver (vendor, device,
/// driver version and pipelineCacheUUID in the name), so the second start skips shader compilation.
/// Drivers reject incompatible data themselves; a corrupt file only costs a recompile.
/// </summary>
internal sealed unsafe class PipelineCacheStore : IDisposable
{
    private readonly GpuContext _context;
    private readonly string? _path;
    private bool _disposed;

    public PipelineCacheStore(GpuContext context, string? directory)
    {
        _context = context;
        var props = context.Properties;
        string uuid = Convert.ToHexString(new ReadOnlySpan<byte>(props.PipelineCacheUuid, 16));
        _path = directory is null ? null : Path.Combine(directory, $"pipelines-{props.VendorID:x}-{props.DeviceID:x}-{props.DriverVersion:x}-{uuid}.bin");

        byte[] initial = TryRead(_path);
        fixed (byte* data = initial)
        {
            var info = new PipelineCacheCreateInfo
            {
                SType = StructureType.PipelineCacheCreateInfo,
                InitialDataSize = (nuint)initial.Length,
                PInitialData = initial.Length > 0 ? data : null,
            };
            context.BeforeCreate("vkCreatePipelineCache");
            PipelineCache cache;
            context.Vk.CreatePipelineCache(context.Device, &info, null, &cache).Check();
            context.TrackCreated();
            Handle = cache;
        }
    }

    public PipelineCache Handle { get; }

    /// <summary>Where the cache is persisted, or null.</summary>
    public string? FilePath => _path;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            Save();
        }
        finally
        {
            _context.Vk.DestroyPipelineCache(_context.Device, Handle, null);
            _context.TrackDestroyed();
        }
    }

    private void Save()
    {
        if (_path is null)
        {
            return;
        }

        nuint size = 0;
        _context.Vk.GetPipelineCacheData(_context.Device, Handle, &size, null).Check();
        var data = new byte[(int)size];
        fixed (byte* p = data)
        {
            _context.Vk.GetPipelineCacheData(_context.Device, Handle, &size, p).Check();
        }

        try
        {
            AtomicFile.WriteAllBytes(_path, data.AsSpan(0, (int)size));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only home must not break the product: the cache is an optimisation.
            Console.Error.WriteLine($"warning: pipeline cache not saved to {_path}: {ex.Message}");
        }
    }

    private static byte[] TryRead(string? path)
    {
        try
        {
            return path is not null && File.Exists(path) ? File.ReadAllBytes(path) : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
