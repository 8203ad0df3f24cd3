using Silk.NET.Core;
using Silk.NET.Vulkan;

namespace MaeRealtime.Viewer.Presentation;

/// <summary>
/// VK_KHR_surface entry points, loaded with vkGetInstanceProcAddr: Silk.NET.Vulkan 2.23 in this package set has
/// the KHR structs but not the extension classes.
/// </summary>
internal sealed unsafe class SurfaceFunctions
{
    public SurfaceFunctions(Vk vk, Instance instance)
    {
        GetSupport = (delegate* unmanaged<PhysicalDevice, uint, SurfaceKHR, Bool32*, Result>)
            InstanceFunctions.Load(vk, instance, "vkGetPhysicalDeviceSurfaceSupportKHR");
        GetCapabilities = (delegate* unmanaged<PhysicalDevice, SurfaceKHR, SurfaceCapabilitiesKHR*, Result>)
            InstanceFunctions.Load(vk, instance, "vkGetPhysicalDeviceSurfaceCapabilitiesKHR");
        GetFormats = (delegate* unmanaged<PhysicalDevice, SurfaceKHR, uint*, SurfaceFormatKHR*, Result>)
            InstanceFunctions.Load(vk, instance, "vkGetPhysicalDeviceSurfaceFormatsKHR");
        GetPresentModes = (delegate* unmanaged<PhysicalDevice, SurfaceKHR, uint*, PresentModeKHR*, Result>)
            InstanceFunctions.Load(vk, instance, "vkGetPhysicalDeviceSurfacePresentModesKHR");
        DestroySurface = (delegate* unmanaged<Instance, SurfaceKHR, AllocationCallbacks*, void>)
            InstanceFunctions.Load(vk, instance, "vkDestroySurfaceKHR");
    }

    public delegate* unmanaged<PhysicalDevice, uint, SurfaceKHR, Bool32*, Result> GetSupport { get; }

    public delegate* unmanaged<PhysicalDevice, SurfaceKHR, SurfaceCapabilitiesKHR*, Result> GetCapabilities { get; }

    public delegate* unmanaged<PhysicalDevice, SurfaceKHR, uint*, SurfaceFormatKHR*, Result> GetFormats { get; }

    public delegate* unmanaged<PhysicalDevice, SurfaceKHR, uint*, PresentModeKHR*, Result> GetPresentModes { get; }

    public delegate* unmanaged<Instance, SurfaceKHR, AllocationCallbacks*, void> DestroySurface { get; }

    /// <summary>The surface formats <paramref name="pd"/> can present <paramref name="surface"/> in.</summary>
    public SurfaceFormatKHR[] Formats(PhysicalDevice pd, SurfaceKHR surface)
    {
        uint count = 0;
        GetFormats(pd, surface, &count, null).Check("vkGetPhysicalDeviceSurfaceFormatsKHR");
        var formats = new SurfaceFormatKHR[count];
        fixed (SurfaceFormatKHR* p = formats)
        {
            GetFormats(pd, surface, &count, p).Check("vkGetPhysicalDeviceSurfaceFormatsKHR");
        }

        return formats;
    }

    /// <summary>The present modes <paramref name="pd"/> offers for <paramref name="surface"/>.</summary>
    public PresentModeKHR[] PresentModes(PhysicalDevice pd, SurfaceKHR surface)
    {
        uint count = 0;
        GetPresentModes(pd, surface, &count, null).Check("vkGetPhysicalDeviceSurfacePresentModesKHR");
        var modes = new PresentModeKHR[count];
        fixed (PresentModeKHR* p = modes)
        {
            GetPresentModes(pd, surface, &count, p).Check("vkGetPhysicalDeviceSurfacePresentModesKHR");
        }

        return modes;
    }
}
