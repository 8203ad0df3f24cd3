using Silk.NET.Vulkan;

namespace MaeRealtime.HostKit;

/// <summary>What the shared images and buffers need of a sample's device.</summary>
public interface IHostDevice
{
    /// <summary>The loader.</summary>
    Vk Vk { get; }

    /// <summary>The logical device.</summary>
    Device Device { get; }

    /// <summary>Allocates memory for <paramref name="req"/>, preferring <paramref name="preferred"/> flags and requiring <paramref name="required"/> ones; <paramref name="what"/> names it in errors.</summary>
    DeviceMemory Allocate(MemoryRequirements req, MemoryPropertyFlags preferred, MemoryPropertyFlags required, string what);
}
