namespace MaeRealtime.Runtime.Vulkan;

/// <summary>How <see cref="GpuContext.Create"/> picks and sets up a device.</summary>
public sealed record GpuContextOptions
{
    /// <summary>
    /// Enables VK_LAYER_KHRONOS_validation and counts its errors. Null: on when the environment variable
    /// <c>MAE_VALIDATION</c> is <c>1</c>/<c>true</c>.
    /// </summary>
    public bool? Validation { get; init; }

    /// <summary>Picks the first device whose name contains this text (case-insensitive), or whose index equals it when it is a number. Null: the environment variable <c>MAE_DEVICE</c>, else the best device (discrete, integrated, virtual, then CPU).</summary>
    public string? Device { get; init; }

    /// <summary>Where the pipeline cache is persisted; null: <c>$XDG_CACHE_HOME/maerealtime</c> (or <c>~/.cache/maerealtime</c>). Empty string: no persistence.</summary>
    public string? PipelineCacheDirectory { get; init; }

    /// <summary>
    /// For <see cref="GpuContext.Adopt"/>: the host created its device with storageBuffer16BitAccess
    /// (VkPhysicalDeviceVulkan11Features) enabled, so the tiled kernels may keep activations in fp16. Vulkan cannot
    /// be asked which features a device was created with; unset, adopted devices run fp32 activations. Ignored by
    /// <see cref="GpuContext.Create"/>, which enables the feature itself wherever the device offers it.
    /// </summary>
    public bool HostEnabledStorageBuffer16BitAccess { get; init; }

    /// <summary>Application name reported to the driver.</summary>
    public string ApplicationName { get; init; } = "MaeRealtime";

    /// <summary>Resolves <see cref="Validation"/> against the environment.</summary>
    public bool ValidationEnabled => Validation ?? IsTruthy(Environment.GetEnvironmentVariable("MAE_VALIDATION"));

    /// <summary>Resolves <see cref="Device"/> against the environment.</summary>
    public string? DeviceSelector => Device ?? NullIfEmpty(Environment.GetEnvironmentVariable("MAE_DEVICE"));

    /// <summary>Resolves <see cref="PipelineCacheDirectory"/>; null when caching to disk is off.</summary>
    public string? ResolvedPipelineCacheDirectory
    {
        get
        {
            if (PipelineCacheDirectory is not null)
            {
                return PipelineCacheDirectory.Length == 0 ? null : PipelineCacheDirectory;
            }

            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            string root = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(home, ".cache");
            return Path.Combine(root, "maerealtime");
        }
    }

    private static bool IsTruthy(string? v) => v is "1" || string.Equals(v, "true", StringComparison.OrdinalIgnoreCase);

    private static string? NullIfEmpty(string? v) => string.IsNullOrWhiteSpace(v) ? null : v;
}
