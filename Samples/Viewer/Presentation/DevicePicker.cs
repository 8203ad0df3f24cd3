using Silk.NET.Core;
using Silk.NET.Core.Native;
using Silk.NET.Vulkan;

namespace MaeRealtime.Viewer.Presentation;

/// <summary>
/// Picks the physical device and queue family the viewer runs on: Vulkan 1.2 (the runtime's requirement),
/// VK_KHR_swapchain, and one family that can draw (blits), compute and present to the window's surface.
/// MAE_DEVICE (a name substring or an index) chooses among them as it does for the other tools.
/// </summary>
internal static unsafe class DevicePicker
{
    public static (PhysicalDevice Device, uint Family, string Name) Pick(Vk vk, Instance instance, SurfaceKHR surface, SurfaceFunctions surfaceFns, string? selector)
    {
        uint count = 0;
        vk.EnumeratePhysicalDevices(instance, &count, null).Check("vkEnumeratePhysicalDevices");
        var devices = new PhysicalDevice[count];
        fixed (PhysicalDevice* p = devices)
        {
            vk.EnumeratePhysicalDevices(instance, &count, p).Check("vkEnumeratePhysicalDevices");
        }

        var candidates = new List<(PhysicalDevice Device, uint Family, string Name, int Rank, int Index)>();
        var rejected = new List<string>();
        for (int i = 0; i < devices.Length; i++)
        {
            PhysicalDeviceProperties props;
            vk.GetPhysicalDeviceProperties(devices[i], &props);
            string name = SilkMarshal.PtrToString((nint)props.DeviceName) ?? "unknown";
            int family = props.ApiVersion < Vk.Version12 || !HasSwapchain(vk, devices[i]) ? -1 : PresentFamily(vk, devices[i], surface, surfaceFns);
            if (family < 0)
            {
                rejected.Add(name);
                continue;
            }

            int rank = props.DeviceType switch
            {
                PhysicalDeviceType.DiscreteGpu => 0,
                PhysicalDeviceType.IntegratedGpu => 1,
                PhysicalDeviceType.VirtualGpu => 2,
                PhysicalDeviceType.Cpu => 3,
                _ => 4,
            };
            candidates.Add((devices[i], (uint)family, name, rank, i));
        }

        if (candidates.Count == 0)
        {
            throw new InvalidOperationException($"No Vulkan 1.2 device can present to this window with a graphics+compute queue (devices seen: {string.Join(", ", rejected)}).");
        }

        var chosen = string.IsNullOrWhiteSpace(selector)
            ? candidates.OrderBy(c => c.Rank).ThenBy(c => c.Index).First()
            : candidates.FirstOrDefault(c => int.TryParse(selector, out int index) ? c.Index == index : c.Name.Contains(selector, StringComparison.OrdinalIgnoreCase));
        if (chosen.Name is null)
        {
            throw new InvalidOperationException($"No presenting Vulkan device matches '{selector}' (MAE_DEVICE); available: {string.Join(", ", candidates.Select(c => $"{c.Index}: {c.Name}"))}.");
        }

        return (chosen.Device, chosen.Family, chosen.Name);
    }

    private static int PresentFamily(Vk vk, PhysicalDevice pd, SurfaceKHR surface, SurfaceFunctions surfaceFns)
    {
        uint count = 0;
        vk.GetPhysicalDeviceQueueFamilyProperties(pd, &count, null);
        var families = new QueueFamilyProperties[count];
        fixed (QueueFamilyProperties* p = families)
        {
            vk.GetPhysicalDeviceQueueFamilyProperties(pd, &count, p);
        }

        const QueueFlags needed = QueueFlags.GraphicsBit | QueueFlags.ComputeBit;
        for (uint f = 0; f < count; f++)
        {
            Bool32 present;
            surfaceFns.GetSupport(pd, f, surface, &present).Check("vkGetPhysicalDeviceSurfaceSupportKHR");
            if ((families[f].QueueFlags & needed) == needed && present)
            {
                return (int)f;
            }
        }

        return -1;
    }

    private static bool HasSwapchain(Vk vk, PhysicalDevice pd)
    {
        uint count = 0;
        vk.EnumerateDeviceExtensionProperties(pd, (byte*)null, &count, null).Check("vkEnumerateDeviceExtensionProperties");
        var extensions = new ExtensionProperties[count];
        fixed (ExtensionProperties* p = extensions)
        {
            vk.EnumerateDeviceExtensionProperties(pd, (byte*)null, &count, p).Check("vkEnumerateDeviceExtensionProperties");
        }

        for (int i = 0; i < extensions.Length; i++)
        {
            fixed (byte* n = extensions[i].ExtensionName)
            {
                if (SilkMarshal.PtrToString((nint)n) == "VK_KHR_swapchain")
                {
                    return true;
                }
            }
        }

        return false;
    }
}
