namespace MaeRealtime.HostRenderer.Vulkan;

/// <summary>A Vulkan call of the host failed, or the machine lacks what the sample needs (the message says which).</summary>
public sealed class HostVulkanException(string message) : Exception(message);
