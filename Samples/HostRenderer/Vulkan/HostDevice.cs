using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Core;
using Silk.NET.Core.Native;
using Silk.NET.Vulkan;

namespace MaeRealtime.HostRenderer.Vulkan;

/// <summary>
/// The host engine's own Vulkan instance, physical device, device and queue, created here with Silk.NET.Vulkan
/// exactly as an engine would, then lent to the runtime with <c>GpuContext.Adopt</c>. What MaeRealtime needs
/// of them (docs/INTEGRATION.md): Vulkan 1.2 (instance apiVersion and device), a queue family with compute;
/// no device extension and no device feature. Timestamps on the queue are optional (per-stage GPU times).
/// What this host needs for itself: a storage-image R8 mask, when the device can (shaderStorageImageExtendedFormats),
/// else an RGBA8 one.
/// </summary>
public sealed unsafe class HostDevice : IHostDevice, IDisposable
{
    private const string ValidationLayer = "VK_LAYER_KHRONOS_validation";
    private const string DebugUtils = "VK_EXT_debug_utils";

    private HostDevice(Vk vk, Instance instance, ValidationMessenger? messenger)
    {
        Vk = vk;
        Instance = instance;
        Messenger = messenger;
    }

    /// <summary>The Vulkan API loader.</summary>
    public Vk Vk { get; }

    /// <summary>The host's instance.</summary>
    public Instance Instance { get; }

    /// <summary>The chosen physical device.</summary>
    public PhysicalDevice PhysicalDevice { get; private set; }

    /// <summary>The host's logical device.</summary>
    public Device Device { get; private set; }

    /// <summary>The family of <see cref="Queue"/> (graphics + compute where the device has one, else compute).</summary>
    public uint QueueFamilyIndex { get; private set; }

    /// <summary>The host's queue (index 0 of <see cref="QueueFamilyIndex"/>), shared with the runtime.</summary>
    public Queue Queue { get; private set; }

    /// <summary>The device's name.</summary>
    public string DeviceName { get; private set; } = string.Empty;

    /// <summary>Format of the hole mask this host writes: R8Unorm, or R8G8B8A8Unorm without shaderStorageImageExtendedFormats.</summary>
    public Format MaskFormat { get; private set; }

    /// <summary>Whether the device was created with storageBuffer16BitAccess (enabled wherever offered; told to the runtime).</summary>
    public bool StorageBuffer16BitAccess { get; private set; }

    /// <summary>Whether D32_SFLOAT can be a sampled depth attachment with optimal tiling (the sample's engine-style depth buffer).</summary>
    public bool DepthBufferSupported { get; private set; }

    /// <summary>The validation messenger (null when validation is off).</summary>
    public ValidationMessenger? Messenger { get; }

    /// <summary>Validation errors reported so far (0 when validation is off).</summary>
    public int ValidationErrors => Messenger?.ErrorCount ?? 0;

    /// <summary>
    /// Creates the instance (with the Khronos validation layer and a counting debug messenger when
    /// <paramref name="validation"/>), picks a device (<paramref name="selector"/>: part of its name or its index;
    /// null: discrete, integrated, virtual, then CPU) and creates the device with one queue.
    /// </summary>
    public static HostDevice Create(bool validation, string? selector, TextWriter? log)
    {
        Vk vk;
        try
        {
            vk = Vk.GetApi();
        }
        catch (Exception ex) when (ex is DllNotFoundException or FileNotFoundException or InvalidOperationException or TypeInitializationException)
        {
            throw new HostVulkanException($"The Vulkan loader (libvulkan.so.1) could not be loaded: {ex.Message}");
        }

        if (validation && !HasLayer(vk, ValidationLayer))
        {
            throw new HostVulkanException($"Validation was requested but {ValidationLayer} is not installed (package vulkan-validationlayers).");
        }

        var instance = CreateInstance(vk, validation);
        ValidationMessenger? messenger = null;
        HostDevice? host = null;
        try
        {
            messenger = validation ? ValidationMessenger.Attach(vk, instance, log) : null;
            host = new HostDevice(vk, instance, messenger);
            host.CreateDevice(selector);
            return host;
        }
        catch
        {
            if (host is not null)
            {
                host.Dispose();
            }
            else
            {
                messenger?.Dispose();
                vk.DestroyInstance(instance, null);
            }

            throw;
        }
    }

    /// <inheritdoc/>
    public DeviceMemory Allocate(MemoryRequirements req, MemoryPropertyFlags preferred, MemoryPropertyFlags required, string what)
    {
        PhysicalDeviceMemoryProperties mem;
        Vk.GetPhysicalDeviceMemoryProperties(PhysicalDevice, &mem);
        return MemoryTypes.Allocate(Vk, Device, mem, req, preferred, required, what);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Device.Handle != 0)
        {
            Vk.DeviceWaitIdle(Device);
            Vk.DestroyDevice(Device, null);
            Device = default;
        }

        Messenger?.Dispose();
        if (Instance.Handle != 0)
        {
            Vk.DestroyInstance(Instance, null);
        }

        Vk.Dispose();
    }

    private static Instance CreateInstance(Vk vk, bool validation)
    {
        var app = (byte*)SilkMarshal.StringToPtr("MaeRealtime.HostRenderer");
        var layers = validation ? (byte**)SilkMarshal.StringArrayToPtr([ValidationLayer]) : null;
        // VK_EXT_validation_features comes with the layer: it turns on synchronization validation (SYNC-HAZARD-*).
        var extensions = validation ? (byte**)SilkMarshal.StringArrayToPtr([DebugUtils, "VK_EXT_validation_features"]) : null;
        try
        {
            var appInfo = new ApplicationInfo
            {
                SType = StructureType.ApplicationInfo,
                PApplicationName = app,
                ApplicationVersion = new Version32(0, 1, 0),
                PEngineName = app,
                EngineVersion = new Version32(0, 1, 0),
                ApiVersion = Vk.Version12, // the runtime's shaders are SPIR-V 1.5: Vulkan 1.2 at least
            };
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
                PApplicationInfo = &appInfo,
                EnabledLayerCount = validation ? 1u : 0u,
                PpEnabledLayerNames = layers,
                EnabledExtensionCount = validation ? 2u : 0u,
                PpEnabledExtensionNames = extensions,
            };
            Instance instance;
            vk.CreateInstance(&info, null, &instance).Check("vkCreateInstance");
            return instance;
        }
        finally
        {
            SilkMarshal.Free((nint)app);
            if (validation)
            {
                SilkMarshal.Free((nint)layers);
                SilkMarshal.Free((nint)extensions);
            }
        }
    }

    private void CreateDevice(string? selector)
    {
        uint count = 0;
        Vk.EnumeratePhysicalDevices(Instance, &count, null).Check("vkEnumeratePhysicalDevices");
        var devices = new PhysicalDevice[count];
        fixed (PhysicalDevice* p = devices)
        {
            Vk.EnumeratePhysicalDevices(Instance, &count, p).Check("vkEnumeratePhysicalDevices");
        }

        var candidates = new List<(PhysicalDevice Device, string Name, int Rank, uint Family, int Index)>();
        for (int i = 0; i < devices.Length; i++)
        {
            PhysicalDeviceProperties props;
            Vk.GetPhysicalDeviceProperties(devices[i], &props);
            int family = PickQueueFamily(devices[i]);
            if (family < 0 || props.ApiVersion < Vk.Version12)
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
            candidates.Add((devices[i], SilkMarshal.PtrToString((nint)props.DeviceName) ?? "unknown", rank, (uint)family, i));
        }

        if (candidates.Count == 0)
        {
            throw new HostVulkanException("No Vulkan 1.2 device with a compute queue (install mesa-vulkan-drivers for lavapipe).");
        }

        var chosen = selector is null
            ? candidates.OrderBy(c => c.Rank).ThenBy(c => c.Index).First()
            : candidates.FirstOrDefault(c => int.TryParse(selector, out int idx) ? c.Index == idx : c.Name.Contains(selector, StringComparison.OrdinalIgnoreCase));
        if (chosen.Name is null)
        {
            throw new HostVulkanException($"No Vulkan device matches '{selector}'; available: {string.Join(", ", candidates.Select(c => $"{c.Index}: {c.Name}"))}.");
        }

        PhysicalDevice = chosen.Device;
        DeviceName = chosen.Name;
        QueueFamilyIndex = chosen.Family;

        // The runtime needs no device feature; this host enables shaderStorageImageExtendedFormats for its R8 mask.
        PhysicalDeviceFeatures supported;
        Vk.GetPhysicalDeviceFeatures(PhysicalDevice, &supported);
        FormatProperties r8;
        Vk.GetPhysicalDeviceFormatProperties(PhysicalDevice, Format.R8Unorm, &r8);
        bool r8Storage = supported.ShaderStorageImageExtendedFormats && (r8.OptimalTilingFeatures & FormatFeatureFlags.StorageImageBit) != 0;
        MaskFormat = r8Storage ? Format.R8Unorm : Format.R8G8B8A8Unorm;
        FormatProperties d32;
        Vk.GetPhysicalDeviceFormatProperties(PhysicalDevice, Format.D32Sfloat, &d32);
        var depthNeeds = FormatFeatureFlags.SampledImageBit | FormatFeatureFlags.DepthStencilAttachmentBit | FormatFeatureFlags.TransferDstBit;
        DepthBufferSupported = (d32.OptimalTilingFeatures & depthNeeds) == depthNeeds;
        var enabled = new PhysicalDeviceFeatures { ShaderStorageImageExtendedFormats = r8Storage };
        // Optional for the runtime: with 16-bit storage enabled (and declared to GpuContext.Adopt) its GPU kernels keep
        // their transient activations in fp16.
        var features11 = new PhysicalDeviceVulkan11Features { SType = StructureType.PhysicalDeviceVulkan11Features };
        var features2 = new PhysicalDeviceFeatures2 { SType = StructureType.PhysicalDeviceFeatures2, PNext = &features11 };
        Vk.GetPhysicalDeviceFeatures2(PhysicalDevice, &features2);
        StorageBuffer16BitAccess = features11.StorageBuffer16BitAccess;
        var enabled11 = new PhysicalDeviceVulkan11Features { SType = StructureType.PhysicalDeviceVulkan11Features, StorageBuffer16BitAccess = StorageBuffer16BitAccess };

        float priority = 1f;
        var queueInfo = new DeviceQueueCreateInfo
        {
            SType = StructureType.DeviceQueueCreateInfo,
            QueueFamilyIndex = QueueFamilyIndex,
            QueueCount = 1,
            PQueuePriorities = &priority,
        };
        var info = new DeviceCreateInfo
        {
            SType = StructureType.DeviceCreateInfo,
            PNext = &enabled11,
            QueueCreateInfoCount = 1,
            PQueueCreateInfos = &queueInfo,
            PEnabledFeatures = &enabled,
        };
        Device device;
        Vk.CreateDevice(PhysicalDevice, &info, null, &device).Check("vkCreateDevice");
        Device = device;
        Queue queue;
        Vk.GetDeviceQueue(device, QueueFamilyIndex, 0, &queue);
        Queue = queue;
    }

    /// <summary>A family with graphics and compute (an engine's main queue), else any with compute; -1 when none.</summary>
    private int PickQueueFamily(PhysicalDevice pd)
    {
        uint count = 0;
        Vk.GetPhysicalDeviceQueueFamilyProperties(pd, &count, null);
        var families = new QueueFamilyProperties[count];
        fixed (QueueFamilyProperties* p = families)
        {
            Vk.GetPhysicalDeviceQueueFamilyProperties(pd, &count, p);
        }

        int compute = -1;
        for (int i = 0; i < families.Length; i++)
        {
            var flags = families[i].QueueFlags;
            if ((flags & QueueFlags.ComputeBit) == 0)
            {
                continue;
            }

            if ((flags & QueueFlags.GraphicsBit) != 0)
            {
                return i;
            }

            compute = compute < 0 ? i : compute;
        }

        return compute;
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
