namespace MaeRealtime.HostKit;

/// <summary>
/// A Vulkan call of a host sample failed, or the machine lacks what the sample needs (the message says which).
/// An <see cref="InvalidOperationException"/>, so hosts that report those keep doing so.
/// </summary>
public sealed class HostVulkanException(string message) : InvalidOperationException(message);
