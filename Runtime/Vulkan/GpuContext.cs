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
/// <remarks>
/// Counts the Vulkan objects the runtime's wrappers created on this device and have not destroyed yet
/// (<see cref="LiveObjects"/>), so long runs and failure paths can prove they leak nothing, and keeps the
/// names of the objects built on it (weights, forward passes, inpainters): disposing the context while one of
/// them is alive throws instead of destroying memory and pipelines they still use.
/// </remarks>
public sealed unsafe class GpuContext : IDisposable
{
    /// <summary>Vulkan 1.2: the shaders are SPIR-V 1.5 (glslc --target-env=vulkan1.2).</summary>
    public static readonly uint RequiredApiVersion = Vk.Version12;

    private readonly bool _ownsInstance;
    private readonly bool _ownsDevice;
    private readonly PipelineCacheStore _pipelineCache;
    private readonly Dictionary<object, string> _users = new(ReferenceEqualityComparer.Instance);
    private KernelLibrary? _kernels;
    private bool _disposed;
    private int _liveObjects;
    private int _failCountdown;
    private readonly delegate* unmanaged<Device, DebugUtilsObjectNameInfoEXT*, Result> _setObjectName;

    private GpuContext(Vk vk, Instance instance, PhysicalDevice physicalDevice, Device device, uint queueFamily, uint queueIndex,
        bool ownsInstance, bool ownsDevice, ValidationMessenger? messenger, GpuContextOptions options, bool storage16)
    {
        Vk = vk;
        Instance = instance;
        PhysicalDevice = physicalDevice;
        Device = device;
        QueueFamilyIndex = queueFamily;
        _ownsInstance = ownsInstance;
        _ownsDevice = ownsDevice;
        Validation = messenger;
        StorageBuffer16BitAccess = storage16;
        if (messenger is not null)
        {
            // Names in validation messages ("VkPipeline 0x37[frame_plan]") say which kernel or buffer a hazard is about.
            _setObjectName = (delegate* unmanaged<Device, DebugUtilsObjectNameInfoEXT*, Result>)ValidationMessenger.LoadInstanceFunction(vk, instance, "vkSetDebugUtilsObjectNameEXT");
        }

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
        TrackCreated();
        try
        {
            _pipelineCache = new PipelineCacheStore(this, options.ResolvedPipelineCacheDirectory);
            try
            {
                Layout = new KernelLayout(this);
            }
            catch
            {
                _pipelineCache.Dispose();
                throw;
            }
        }
        catch
        {
            vk.DestroyCommandPool(device, pool, null);
            throw;
        }
    }

    /// <summary>
    /// Whether storageBuffer16BitAccess is enabled on the device, so the fp16-activation kernels may run: on a device
    /// created here, whenever the device offers it; on an adopted one, when the host says it enabled it
    /// (<see cref="GpuContextOptions.HostEnabledStorageBuffer16BitAccess"/>), since a device's enabled features cannot be queried.
    /// </summary>
    public bool StorageBuffer16BitAccess { get; }

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

    /// <summary>
    /// Vulkan objects the runtime created on this device and has not destroyed yet (buffers, memory, images,
    /// views, pools, pipelines, fences, query pools, ... including the context's own). Constant across frames
    /// in steady state and back to its former value after an object is disposed: long runs watch it for leaks.
    /// </summary>
    public int LiveObjects => Volatile.Read(ref _liveObjects);

    /// <summary>True once <see cref="Dispose"/> has run.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>The objects built on this context that are still alive (their descriptions), for diagnostics.</summary>
    public IReadOnlyList<string> Users
    {
        get
        {
            lock (_users)
            {
                return [.. _users.Values];
            }
        }
    }

    /// <summary>The command pool of this context's own submissions.</summary>
    internal CommandPool CommandPool { get; }

    /// <summary>The single descriptor-set and pipeline layout shared by every kernel.</summary>
    internal KernelLayout Layout { get; }

    /// <summary>The pipeline cache handle.</summary>
    internal PipelineCache PipelineCache => _pipelineCache.Handle;

    /// <summary>The compiled compute kernels, created on first use.</summary>
    internal KernelLibrary Kernels
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _kernels ??= new KernelLibrary(this);
        }
    }

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
        options ??= new GpuContextOptions();
        if (options.HostEnabledStorageBuffer16BitAccess && !DeviceFactory.SupportsStorageBuffer16BitAccess(vk, physicalDevice))
        {
            throw new VulkanException("GpuContextOptions.HostEnabledStorageBuffer16BitAccess is set, but the physical device does not offer storageBuffer16BitAccess (VkPhysicalDeviceVulkan11Features), so the host cannot have enabled it.");
        }

        return new GpuContext(vk, instance, physicalDevice, device, queueFamilyIndex, queueIndex, false, false, null, options, options.HostEnabledStorageBuffer16BitAccess);
    }

    internal static GpuContext FromCreated(Vk vk, Instance instance, PhysicalDevice physicalDevice, Device device, uint queueFamily, ValidationMessenger? messenger, GpuContextOptions options, bool storage16) =>
        new(vk, instance, physicalDevice, device, queueFamily, 0, true, true, messenger, options, storage16);

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

    /// <summary>Gives <paramref name="handle"/> a name validation messages show; does nothing without validation.</summary>
    internal void SetDebugName(ObjectType type, ulong handle, string name)
    {
        if (_setObjectName == null)
        {
            return;
        }

        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* p = utf8)
        {
            var info = new DebugUtilsObjectNameInfoEXT { SType = StructureType.DebugUtilsObjectNameInfoExt, ObjectType = type, ObjectHandle = handle, PObjectName = p };
            _setObjectName(Device, &info).Check("vkSetDebugUtilsObjectNameEXT");
        }
    }

    /// <summary>Counts a Vulkan object (or <paramref name="count"/>) created on this device.</summary>
    internal void TrackCreated(int count = 1) => Interlocked.Add(ref _liveObjects, count);

    /// <summary>Counts a Vulkan object (or <paramref name="count"/>) destroyed.</summary>
    internal void TrackDestroyed(int count = 1) => Interlocked.Add(ref _liveObjects, -count);

    /// <summary>
    /// Test hook: the <paramref name="n"/>-th object creation from now (1-based) fails with
    /// VK_ERROR_OUT_OF_DEVICE_MEMORY, as a real allocation failure would; 0 turns it off. Lets tests walk a
    /// constructor through every failure point and check that nothing it created survives.
    /// </summary>
    internal void FailNthCreation(int n) => _failCountdown = n;

    /// <summary>Called before each object creation: throws when <see cref="FailNthCreation"/> says this one fails.</summary>
    internal void BeforeCreate(string call)
    {
        if (_failCountdown > 0 && --_failCountdown == 0)
        {
            throw new VulkanException($"{call} [injected failure]", Result.ErrorOutOfDeviceMemory);
        }
    }

    /// <summary>Registers <paramref name="user"/> (described by <paramref name="description"/>) as alive on this context.</summary>
    internal void AddUser(object user, string description)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_users)
        {
            _users[user] = description;
        }
    }

    /// <summary>Unregisters <paramref name="user"/> (it was disposed).</summary>
    internal void RemoveUser(object user)
    {
        lock (_users)
        {
            _users.Remove(user);
        }
    }

    /// <summary>Waits until the device is idle (tools and shutdown only; never per frame).</summary>
    public void WaitIdle()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Vk.DeviceWaitIdle(Device).Check();
    }

    /// <summary>
    /// Waits for the device to be idle (vkDeviceWaitIdle, also on an adopted device: the host's own pending work
    /// is waited for too), then destroys what this context created, and the device and instance only when it
    /// created them. A second call does nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">Weights, a forward pass or an inpainter built on this context
    /// are still alive (the message names them): dispose them first. Nothing is destroyed then.</exception>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        var users = Users;
        if (users.Count > 0)
        {
            throw new InvalidOperationException(
                $"GpuContext.Dispose: the context is still used by {string.Join(", ", users)}; dispose them first (they hold buffers and pipelines of this device).");
        }

        _disposed = true;
        Vk.DeviceWaitIdle(Device).Check();
        _kernels?.Dispose();
        Layout.Dispose();
        _pipelineCache.Dispose();
        Vk.DestroyCommandPool(Device, CommandPool, null);
        TrackDestroyed();
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
