namespace MaeRealtime.Runtime.Vulkan;

/// <summary>No usable Vulkan loader, driver or device was found; the message says which packages to install.</summary>
public sealed class NoVulkanDeviceException : Exception
{
    /// <summary>The Debian/Ubuntu packages that provide a Vulkan loader and Mesa's CPU driver (lavapipe).</summary>
    public const string PackageHint = "install a Vulkan driver; on Debian/Ubuntu without a GPU: sudo apt-get install libvulkan1 mesa-vulkan-drivers (and vulkan-validationlayers for MAE_VALIDATION=1), or run ./mae setup";

    /// <summary>Creates the exception; <paramref name="reason"/> says what was missing.</summary>
    public NoVulkanDeviceException(string reason, Exception? inner = null)
        : base($"No Vulkan device: {reason}. To fix: {PackageHint}.", inner)
    {
    }
}
