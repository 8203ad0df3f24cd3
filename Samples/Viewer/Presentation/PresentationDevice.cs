using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Core;
using Silk.NET.Core.Native;
using Silk.NET.Vulkan;
using MaeRealtime.Viewer.Glfw;

namespace MaeRealtime.Viewer.Presentation;

/// <summary>
/// The viewer's own Vulkan instance (surface extensions, plus the validation layer and debug utils when asked),
/// window surface and device (VK_KHR_swapchain, one queue that can draw, compute and present), as a host engine
/// would own them. The runtime adopts these handles and never destroys them; this class does, last.
/// </summary>
internal sealed unsafe class PresentationDevice : IHostDevice, IDisposable
{
    private const string ValidationLayer = "VK_LAYER_KHRONOS_validation";

    private PresentationDevice(Vk vk, Instance instance, ValidationMessenger? messenger, SurfaceKHR surface, SurfaceFunctions surfaceFns)
    {
        Vk = vk;
        Instance = instance;
        Messenger = messenger;
        Surface = surface;
        SurfaceFns = surfaceFns;
    }

    public Vk Vk { get; }

    public Instance Instance { get; }

    public PhysicalDevice PhysicalDevice { get; private set; }

    public Device Device { get; private set; }

    public Queue Queue { get; private set; }

    /// <summary>The family of <see cref="Queue"/> (graphics, compute and present).</summary>
    public uint QueueFamily { get; private set; }

    public SurfaceKHR Surface { get; }

    public SurfaceFunctions SurfaceFns { get; }

    public SwapchainFunctions SwapchainFns { get; private set; } = null!;

    /// <summary>The validation messenger, when validation is on.</summary>
    public ValidationMessenger? Messenger { get; }

    public string DeviceName { get; private set; } = string.Empty;

    /// <summary>Whether the device was created with storageBuffer16BitAccess (enabled wherever offered; told to the runtime).</summary>
    public bool StorageBuffer16BitAccess { get; private set; }

    public PhysicalDeviceMemoryProperties MemoryProperties { get; private set; }

    /// <summary>Creates instance, surface and device for <paramref name="window"/>.</summary>
    public static PresentationDevice Create(GlfwWindow window, bool validation, string? deviceSelector)
    {
        Vk vk;
        try
        {
            vk = Vk.GetApi();
        }
        catch (Exception ex) when (ex is DllNotFoundException or FileNotFoundException or TypeInitializationException)
        {
            throw new InvalidOperationException("the Vulkan loader (libvulkan.so.1) could not be loaded (install libvulkan1 and a driver such as mesa-vulkan-drivers)", ex);
        }

        if (validation && !HasLayer(vk, ValidationLayer))
        {
            throw new InvalidOperationException($"validation was requested (MAE_VALIDATION=1) but {ValidationLayer} is not installed (package vulkan-validationlayers)");
        }

        var extensions = GlfwLibrary.RequiredInstanceExtensions().ToList();
        if (validation)
        {
            extensions.Add("VK_EXT_debug_utils");
            extensions.Add("VK_EXT_validation_features"); // provided by the layer: enables synchronization validation
        }

        Instance instance = CreateInstance(vk, extensions, validation);
        ValidationMessenger? messenger = null;
        SurfaceFunctions? surfaceFns = null;
        SurfaceKHR surface = default;
        try
        {
            messenger = validation ? ValidationMessenger.Attach(vk, instance, Console.Error) : null;
            surfaceFns = new SurfaceFunctions(vk, instance);
            ulong raw;
            int result = GlfwNative.CreateWindowSurface(instance.Handle, window.Handle, null, &raw);
            ((Result)result).Check($"glfwCreateWindowSurface ({GlfwLibrary.LastError()})");
            surface = new SurfaceKHR(raw);
            var gpu = new PresentationDevice(vk, instance, messenger, surface, surfaceFns);
            gpu.CreateDevice(deviceSelector);
            return gpu;
        }
        catch
        {
            if (surface.Handle != 0 && surfaceFns is not null)
            {
                surfaceFns.DestroySurface(instance, surface, null);
            }

            messenger?.Dispose();
            vk.DestroyInstance(instance, null);
            throw;
        }
    }

    /// <summary>Index of a memory type in <paramref name="typeBits"/> with all of <paramref name="flags"/>; throws when there is none.</summary>
    public uint MemoryType(uint typeBits, MemoryPropertyFlags flags)
    {
        var mem = MemoryProperties;
        for (int i = 0; i < mem.MemoryTypeCount; i++)
        {
            if ((typeBits & (1u << i)) != 0 && (mem.MemoryTypes[i].PropertyFlags & flags) == flags)
            {
                return (uint)i;
            }
        }

        throw new InvalidOperationException($"No Vulkan memory type with {flags} among 0x{typeBits:X}.");
    }

    /// <inheritdoc/>
    public DeviceMemory Allocate(MemoryRequirements req, MemoryPropertyFlags preferred, MemoryPropertyFlags required, string what) =>
        MemoryTypes.Allocate(Vk, Device, MemoryProperties, req, preferred, required, what);

    public void Dispose()
    {
        if (Device.Handle != 0)
        {
            Vk.DeviceWaitIdle(Device);
            Vk.DestroyDevice(Device, null);
        }

        SurfaceFns.DestroySurface(Instance, Surface, null);
        Messenger?.Dispose();
        Vk.DestroyInstance(Instance, null);
        Vk.Dispose();
    }

    private static Instance CreateInstance(Vk vk, List<string> extensions, bool validation)
    {
        nint appName = SilkMarshal.StringToPtr("MaeRealtime Viewer");
        nint layerNames = SilkMarshal.StringArrayToPtr(validation ? [ValidationLayer] : Array.Empty<string>());
        nint extensionNames = SilkMarshal.StringArrayToPtr(extensions);
        try
        {
            var app = new ApplicationInfo
            {
                SType = StructureType.ApplicationInfo,
                PApplicationName = (byte*)appName,
                PEngineName = (byte*)appName,
                ApplicationVersion = new Version32(0, 1, 0),
                ApiVersion = Vk.Version12,
            };
            // Synchronization validation (SYNC-HAZARD-* errors for missing barriers) is off unless asked for.
            var syncValidation = ValidationFeatureEnableEXT.SynchronizationValidationExt;
            var features = new ValidationFeaturesEXT
            {
                SType = StructureType.ValidationFeaturesExt,
                EnabledValidationFeatureCount = 1,
                PEnabledValidationFeatures = &syncValidation,
            };
            var info = new InstanceCreateInfo
            {
                SType = StructureType.InstanceCreateInfo,
                PNext = validation ? &features : null,
                PApplicationInfo = &app,
                EnabledLayerCount = validation ? 1u : 0u,
                PpEnabledLayerNames = (byte**)layerNames,
                EnabledExtensionCount = (uint)extensions.Count,
                PpEnabledExtensionNames = (byte**)extensionNames,
            };
            Instance instance;
            vk.CreateInstance(&info, null, &instance).Check("vkCreateInstance");
            return instance;
        }
        finally
        {
            SilkMarshal.Free(appName);
            SilkMarshal.Free(layerNames);
            SilkMarshal.Free(extensionNames);
        }
    }

    private void CreateDevice(string? selector)
    {
        var (physical, family, name) = DevicePicker.Pick(Vk, Instance, Surface, SurfaceFns, selector);
        PhysicalDevice = physical;
        QueueFamily = family;
        DeviceName = name;
        PhysicalDeviceMemoryProperties mem;
        Vk.GetPhysicalDeviceMemoryProperties(physical, &mem);
        MemoryProperties = mem;

        float priority = 1f;
        var queueInfo = new DeviceQueueCreateInfo
        {
            SType = StructureType.DeviceQueueCreateInfo,
            QueueFamilyIndex = family,
            QueueCount = 1,
            PQueuePriorities = &priority,
        };
        nint extensionNames = SilkMarshal.StringArrayToPtr(["VK_KHR_swapchain"]);
        try
        {
            // The runtime needs Vulkan 1.2 and no feature; 16-bit storage, enabled where offered and declared to
            // GpuContext.Adopt, lets its GPU kernels keep their transient activations in fp16.
            var features11 = new PhysicalDeviceVulkan11Features { SType = StructureType.PhysicalDeviceVulkan11Features };
            var features2 = new PhysicalDeviceFeatures2 { SType = StructureType.PhysicalDeviceFeatures2, PNext = &features11 };
            Vk.GetPhysicalDeviceFeatures2(physical, &features2);
            StorageBuffer16BitAccess = features11.StorageBuffer16BitAccess;
            var enabled11 = new PhysicalDeviceVulkan11Features { SType = StructureType.PhysicalDeviceVulkan11Features, StorageBuffer16BitAccess = StorageBuffer16BitAccess };
            var info = new DeviceCreateInfo
            {
                SType = StructureType.DeviceCreateInfo,
                PNext = &enabled11,
                QueueCreateInfoCount = 1,
                PQueueCreateInfos = &queueInfo,
                EnabledExtensionCount = 1,
                PpEnabledExtensionNames = (byte**)extensionNames,
            };
            Device device;
            Vk.CreateDevice(physical, &info, null, &device).Check("vkCreateDevice");
            Device = device;
        }
        finally
        {
            SilkMarshal.Free(extensionNames);
        }

        Queue queue;
        Vk.GetDeviceQueue(Device, family, 0, &queue);
        Queue = queue;
        SwapchainFns = new SwapchainFunctions(Vk, Device);
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

        for (int i = 0; i < layers.Length; i++)
        {
            fixed (byte* n = layers[i].LayerName)
            {
                if (SilkMarshal.PtrToString((nint)n) == name)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
