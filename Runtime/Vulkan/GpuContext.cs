using Silk.NET.Core;
using Silk.NET.Core.Native;
using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Vulkan;

/// <summary>
/// The Vulkan device MaeRealtime computes on: either created here (tools, tests, the sample viewer) or
/// adopted from a host engine, in which case the instance, physical device, device and queue stay the
/// host's and are never destroyed here. Owns what it creates: command pool, pipeline cache, kernels.
/// Not thread-safe: record and submit from one thread, or synchronize outside.
/// </summary>
public sealed unsafe class GpuContext : IDisposable
{
    /// <summary>Vulkan 1.2: the shaders are SPIR-V 1.5 (glslc --target-env=vulkan1.2).</summary>
    public static readonly uint RequiredApiVersion = Vk.Version12;

    private readonly bool _ownsInstance;
    private readonly bool _ownsDevice;
    private readonly PipelineCacheStore _pipelineCache;
    private KernelLibrary? _kernels;
    private bool _disposed;

    private GpuContext(Vk vk, Instance instance, PhysicalDevice physicalDevice, Device device, uint queueFamily, uint queueIndex,
        bool ownsInstance, bool ownsDevice, ValidationMessenger? messenger, GpuContextOptions options)
    {
        Vk = vk;
        Instance = instance;
        PhysicalDevice = physicalDevice;
        Device = device;
        QueueFamilyIndex = queueFamily;
        _ownsInstance = ownsInstance;
        _ownsDevice = ownsDevice;
        Validation = messenger;

        Queue queue;
        vk.GetDeviceQueue(device, queueFamily, queueIndex, &queue);
        Queue = queue;

        PhysicalDeviceProperties props;
        vk.GetPhysicalDeviceProperties(physicalDevice, &props);
        Properties = props;
        DeviceName = SilkMarshal.PtrToString((nint)props.DeviceName) ?? "unknown";
        PhysicalDeviceMemoryProperties mem;
        vk.GetPhysicalDeviceMemoryProperties(physicalDevice, &mem);
        MemoryProperties = mem;
        uint timestampBits = QueueTimestampBits(vk, physicalDevice, queueFamily);
        TimestampsSupported = timestampBits > 0 && props.Limits.TimestampPeriod > 0;
        TimestampMask = timestampBits >= 64 ? ulong.MaxValue : (1UL << (int)timestampBits) - 1;

        var poolInfo = new CommandPoolCreateInfo
        {
            SType = StructureType.CommandPoolCreateInfo,
            QueueFamilyIndex = queueFamily,
            Flags = CommandPoolCreateFlags.ResetCommandBufferBit,
        };
        CommandPool pool;
        vk.CreateCommandPool(device, &poolInfo, null, &pool).Check();
        CommandPool = pool;
        _pipelineCache = new PipelineCacheStore(this, options.ResolvedPipelineCacheDirectory);
        Layout = new KernelLayout(this);
    }

    /// <summary>The Vulkan API loader.</summary>
    public Vk Vk { get; }

    /// <summary>The instance (owned only when this context created it).</summary>
    public Instance Instance { get; }

    /// <summary>The physical device.</summary>
    public PhysicalDevice PhysicalDevice { get; }

    /// <summary>The logical device (owned only when this context created it).</summary>
    public Device Device { get; }

    /// <summary>The queue every submission of this context goes to.</summary>
    public Queue Queue { get; }

    /// <summary>The family of <see cref="Queue"/>; command buffers recorded for it must come from this family.</summary>
    public uint QueueFamilyIndex { get; }

    /// <summary>The device's name as the driver reports it.</summary>
    public string DeviceName { get; }

    /// <summary>The device's properties and limits.</summary>
    public PhysicalDeviceProperties Properties { get; }

    /// <summary>The device's memory heaps and types.</summary>
    public PhysicalDeviceMemoryProperties MemoryProperties { get; }

    /// <summary>Whether the queue can write timestamps (per-stage GPU times).</summary>
    public bool TimestampsSupported { get; }

    /// <summary>
    /// The queue's valid timestamp bits (<c>timestampValidBits</c>) as a mask: a timestamp's higher bits are undefined,
    /// and an interval is <c>(end - start) &amp; mask</c>, which also stays right when the counter wraps.
    /// </summary>
    public ulong TimestampMask { get; }

    /// <summary>Milliseconds between two raw timestamps of this queue.</summary>
    public double TimestampIntervalMs(ulong start, ulong end) => ((end - start) & TimestampMask) * (double)Properties.Limits.TimestampPeriod / 1e6;

    /// <summary>The validation messenger, when validation is on and this context created the instance.</summary>
    public ValidationMessenger? Validation { get; }

    /// <summary>Validation errors reported so far (0 when validation is off).</summary>
    public int ValidationErrorCount => Validation?.ErrorCount ?? 0;

    /// <summary>True when this context created (and will destroy) the device.</summary>
    public bool OwnsDevice => _ownsDevice;

    /// <summary>The command pool of this context's own submissions.</summary>
    internal CommandPool CommandPool { get; }

    /// <summary>The single descriptor-set and pipeline layout shared by every kernel.</summary>
    internal KernelLayout Layout { get; }

    /// <summary>The pipeline cache handle.</summary>
    internal PipelineCache PipelineCache => _pipelineCache.Handle;

    /// <summary>The compiled compute kernels, created on first use.</summary>
    internal KernelLibrary Kernels => _kernels ??= new KernelLibrary(this);

    /// <summary>Creates an instance and a device of its own. Throws <see cref="NoVulkanDeviceException"/> when there is no loader or device.</summary>
    public static GpuContext Create(GpuContextOptions? options = null) => DeviceFactory.Create(options ?? new GpuContextOptions());

    /// <summary>
    /// Adopts a host's Vulkan objects. The host keeps ownership: disposing this context destroys only what it
    /// created (command pool, pipelines, cache). The device must support Vulkan 1.2 and the queue must support compute.
    /// </summary>
    public static GpuContext Adopt(Vk vk, Instance instance, PhysicalDevice physicalDevice, Device device, uint queueFamilyIndex, uint queueIndex = 0, GpuContextOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(vk);
        if (instance.Handle == 0 || physicalDevice.Handle == 0 || device.Handle == 0)
        {
            throw new ArgumentException("Adopt needs the host's live instance, physical device and device (a handle was null).");
        }

        DeviceFactory.RequireSuitable(vk, physicalDevice, queueFamilyIndex);
        return new GpuContext(vk, instance, physicalDevice, device, queueFamilyIndex, queueIndex, false, false, null, options ?? new GpuContextOptions());
    }

    internal static GpuContext FromCreated(Vk vk, Instance instance, PhysicalDevice physicalDevice, Device device, uint queueFamily, ValidationMessenger? messenger, GpuContextOptions options) =>
        new(vk, instance, physicalDevice, device, queueFamily, 0, true, true, messenger, options);

    /// <summary>Index of a memory type allowed by <paramref name="typeBits"/> with all of <paramref name="flags"/>, or -1.</summary>
    internal int FindMemoryType(uint typeBits, MemoryPropertyFlags flags)
    {
        var mem = MemoryProperties;
        for (int i = 0; i < mem.MemoryTypeCount; i++)
        {
            if ((typeBits & (1u << i)) != 0 && (mem.MemoryTypes[i].PropertyFlags & flags) == flags)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Waits until the device is idle (tools and shutdown only; never per frame).</summary>
    public void WaitIdle() => Vk.DeviceWaitIdle(Device).Check();

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Vk.DeviceWaitIdle(Device).Check();
        _kernels?.Dispose();
        Layout.Dispose();
        _pipelineCache.Dispose();
        Vk.DestroyCommandPool(Device, CommandPool, null);
        if (_ownsDevice)
        {
            Vk.DestroyDevice(Device, null);
        }

        Validation?.Dispose();
        if (_ownsInstance)
        {
            Vk.DestroyInstance(Instance, null);
            Vk.Dispose();
        }
    }

    private static uint QueueTimestampBits(Vk vk, PhysicalDevice pd, uint family)
    {
        uint count = 0;
        vk.GetPhysicalDeviceQueueFamilyProperties(pd, &count, null);
        var families = new QueueFamilyProperties[count];
        fixed (QueueFamilyProperties* p = families)
        {
            vk.GetPhysicalDeviceQueueFamilyProperties(pd, &count, p);
        }

        return family < count ? families[family].TimestampValidBits : 0;
    }
}
