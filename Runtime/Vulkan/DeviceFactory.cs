using Silk.NET.Core;
using Silk.NET.Core.Native;
using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Vulkan;

/// <summary>Creates an instance and device of MaeRealtime's own, picking the physical device by name, index or kind.</summary>
internal static unsafe class DeviceFactory
{
    private const string ValidationLayer = "VK_LAYER_KHRONOS_validation";
    private const string DebugUtilsExtension = "VK_EXT_debug_utils";
    private const string ValidationFeaturesExtension = "VK_EXT_validation_features";

    public static GpuContext Create(GpuContextOptions options)
    {
        Vk vk;
        try
        {
            vk = Vk.GetApi();
        }
        catch (Exception ex) when (ex is DllNotFoundException or FileNotFoundException or InvalidOperationException or TypeInitializationException)
        {
            throw new NoVulkanDeviceException("the Vulkan loader (libvulkan.so.1) could not be loaded", ex);
        }

        bool validation = options.ValidationEnabled;
        if (validation && !HasLayer(vk, ValidationLayer))
        {
            throw new NoVulkanDeviceException($"validation was requested but {ValidationLayer} is not installed (package vulkan-validationlayers)");
        }

        Instance instance = CreateInstance(vk, options.ApplicationName, validation);
        ValidationMessenger? messenger = null;
        Device device = default;
        try
        {
            messenger = validation ? new ValidationMessenger(vk, instance) : null;
            var physical = PickPhysicalDevice(vk, instance, options.DeviceSelector, out uint family);
            bool storage16 = SupportsStorageBuffer16BitAccess(vk, physical);
            device = CreateDevice(vk, physical, family, storage16);
            return GpuContext.FromCreated(vk, instance, physical, device, family, messenger, options, storage16);
        }
        catch
        {
            // The context cleans up what it created itself; the device and instance are still ours here.
            if (device.Handle != 0)
            {
                vk.DestroyDevice(device, null);
            }

            messenger?.Dispose();
            vk.DestroyInstance(instance, null);
            throw;
        }
    }

    /// <summary>Throws unless <paramref name="pd"/> speaks Vulkan 1.2 and <paramref name="family"/> can compute.</summary>
    public static void RequireSuitable(Vk vk, PhysicalDevice pd, uint family)
    {
        PhysicalDeviceProperties props;
        vk.GetPhysicalDeviceProperties(pd, &props);
        if (props.ApiVersion < GpuContext.RequiredApiVersion)
        {
            throw new VulkanException($"Device {Name(props)} supports Vulkan {(Version32)props.ApiVersion}; MaeRealtime needs 1.2.");
        }

        var families = QueueFamilies(vk, pd);
        if (family >= families.Length || (families[family].QueueFlags & QueueFlags.ComputeBit) == 0)
        {
            throw new VulkanException($"Queue family {family} of {Name(props)} does not support compute.");
        }
    }

    private static Instance CreateInstance(Vk vk, string appName, bool validation)
    {
        using var app = new NativeStrings([appName]);
        using var engine = new NativeStrings(["MaeRealtime"]);
        using var layers = new NativeStrings(validation ? [ValidationLayer] : []);
        // VK_EXT_validation_features is provided by the validation layer itself; with it the layer also runs
        // synchronization validation (missing or too weak barriers: SYNC-HAZARD-* errors), off by default.
        using var extensions = new NativeStrings(validation ? [DebugUtilsExtension, ValidationFeaturesExtension] : []);
        var enabledFeatures = stackalloc ValidationFeatureEnableEXT[1];
        enabledFeatures[0] = ValidationFeatureEnableEXT.SynchronizationValidationExt;
        var features = new ValidationFeaturesEXT
        {
            SType = StructureType.ValidationFeaturesExt,
            EnabledValidationFeatureCount = 1,
            PEnabledValidationFeatures = enabledFeatures,
        };
        var appInfo = new ApplicationInfo
        {
            SType = StructureType.ApplicationInfo,
            PApplicationName = app[0],
            PEngineName = engine[0],
            ApplicationVersion = new Version32(0, 1, 0),
            EngineVersion = new Version32(0, 1, 0),
            ApiVersion = GpuContext.RequiredApiVersion,
        };
        var info = new InstanceCreateInfo
        {
            SType = StructureType.InstanceCreateInfo,
            PNext = validation ? &features : null,
            PApplicationInfo = &appInfo,
            EnabledLayerCount = (uint)layers.Count,
            PpEnabledLayerNames = layers.Pointer,
            EnabledExtensionCount = (uint)extensions.Count,
            PpEnabledExtensionNames = extensions.Pointer,
        };
        Instance instance;
        Result result = vk.CreateInstance(&info, null, &instance);
        if (result == Result.ErrorIncompatibleDriver || result == Result.ErrorInitializationFailed)
        {
            throw new NoVulkanDeviceException($"vkCreateInstance returned {result} (no Vulkan 1.2 driver installed)");
        }

        result.Check("vkCreateInstance");
        return instance;
    }

    private static PhysicalDevice PickPhysicalDevice(Vk vk, Instance instance, string? selector, out uint family)
    {
        uint count = 0;
        vk.EnumeratePhysicalDevices(instance, &count, null).Check("vkEnumeratePhysicalDevices");
        if (count == 0)
        {
            throw new NoVulkanDeviceException("the Vulkan loader found no physical device");
        }

        var devices = new PhysicalDevice[count];
        fixed (PhysicalDevice* p = devices)
        {
            vk.EnumeratePhysicalDevices(instance, &count, p).Check("vkEnumeratePhysicalDevices");
        }

        var candidates = new List<(PhysicalDevice Device, string Name, int Rank, uint Family, int Index)>();
        for (int i = 0; i < devices.Length; i++)
        {
            PhysicalDeviceProperties props;
            vk.GetPhysicalDeviceProperties(devices[i], &props);
            int f = Array.FindIndex(QueueFamilies(vk, devices[i]), q => (q.QueueFlags & QueueFlags.ComputeBit) != 0);
            if (f < 0 || props.ApiVersion < GpuContext.RequiredApiVersion)
            {
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
            candidates.Add((devices[i], Name(props), rank, (uint)f, i));
        }

        if (candidates.Count == 0)
        {
            throw new NoVulkanDeviceException("no device with Vulkan 1.2 and a compute queue");
        }

        var chosen = selector is null
            ? candidates.OrderBy(c => c.Rank).ThenBy(c => c.Index).First()
            : candidates.FirstOrDefault(c => int.TryParse(selector, out int idx) ? c.Index == idx : c.Name.Contains(selector, StringComparison.OrdinalIgnoreCase));
        if (chosen.Name is null)
        {
            string names = string.Join(", ", candidates.Select(c => $"{c.Index}: {c.Name}"));
            throw new VulkanException($"No Vulkan device matches '{selector}' (MAE_DEVICE / --device); available: {names}.");
        }

        family = chosen.Family;
        return chosen.Device;
    }

    /// <summary>Whether <paramref name="pd"/> offers storageBuffer16BitAccess (Vulkan 1.1 core), which fp16 activations need.</summary>
    public static bool SupportsStorageBuffer16BitAccess(Vk vk, PhysicalDevice pd)
    {
        var features11 = new PhysicalDeviceVulkan11Features { SType = StructureType.PhysicalDeviceVulkan11Features };
        var features = new PhysicalDeviceFeatures2 { SType = StructureType.PhysicalDeviceFeatures2, PNext = &features11 };
        vk.GetPhysicalDeviceFeatures2(pd, &features);
        return features11.StorageBuffer16BitAccess;
    }

    // Enables storageBuffer16BitAccess where the device has it (the *_act16 kernels); nothing else is needed.
    private static Device CreateDevice(Vk vk, PhysicalDevice physical, uint family, bool storage16)
    {
        float priority = 1f;
        var queueInfo = new DeviceQueueCreateInfo
        {
            SType = StructureType.DeviceQueueCreateInfo,
            QueueFamilyIndex = family,
            QueueCount = 1,
            PQueuePriorities = &priority,
        };
        var features11 = new PhysicalDeviceVulkan11Features
        {
            SType = StructureType.PhysicalDeviceVulkan11Features,
            StorageBuffer16BitAccess = storage16,
        };
        var info = new DeviceCreateInfo
        {
            SType = StructureType.DeviceCreateInfo,
            PNext = &features11,
            QueueCreateInfoCount = 1,
            PQueueCreateInfos = &queueInfo,
        };
        Device device;
        vk.CreateDevice(physical, &info, null, &device).Check("vkCreateDevice");
        return device;
    }

    private static QueueFamilyProperties[] QueueFamilies(Vk vk, PhysicalDevice pd)
    {
        uint count = 0;
        vk.GetPhysicalDeviceQueueFamilyProperties(pd, &count, null);
        var families = new QueueFamilyProperties[count];
        fixed (QueueFamilyProperties* p = families)
        {
            vk.GetPhysicalDeviceQueueFamilyProperties(pd, &count, p);
        }

        return families;
    }

    private static bool HasLayer(Vk vk, string name)
    {
        uint count = 0;
        vk.EnumerateInstanceLayerProperties(&count, null).Check("vkEnumerateInstanceLayerProperties");
        var layers = new LayerProperties[count];
        fixed (LayerProperties* p = layers)
        {
            vk.EnumerateInstanceLayerProperties(&count, p).Check("vkEnumerateInstanceLayerProperties");
        }

        foreach (var layer in layers)
        {
            var l = layer;
            if (SilkMarshal.PtrToString((nint)l.LayerName) == name)
            {
                return true;
            }
        }

        return false;
    }

    private static string Name(PhysicalDeviceProperties props) => SilkMarshal.PtrToString((nint)props.DeviceName) ?? "unknown";
}
