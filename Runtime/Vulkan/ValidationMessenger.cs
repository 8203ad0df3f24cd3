using System.Runtime.InteropServices;
using Silk.NET.Core;
using Silk.NET.Core.Native;
using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Vulkan;

/// <summary>
/// A VK_EXT_debug_utils messenger that counts validation errors and warnings and keeps the last
/// messages, so tests can assert that a run produced none. Silk.NET.Vulkan 2.23 ships no
/// ExtDebugUtils class in this package set, so the entry points are loaded with vkGetInstanceProcAddr.
/// </summary>
public sealed unsafe class ValidationMessenger : IDisposable
{
    private const int MaxKeptMessages = 32;
    private readonly Instance _instance;
    private readonly delegate* unmanaged<Instance, DebugUtilsMessengerEXT, AllocationCallbacks*, void> _destroy;
    private readonly Queue<string> _messages = new();
    private readonly TextWriter? _echo;
    private GCHandle _self;
    private DebugUtilsMessengerEXT _messenger;
    private int _errors;
    private int _warnings;
    private int _hazards;

    internal ValidationMessenger(Vk vk, Instance instance)
        : this(vk, instance, Console.Error)
    {
    }

    private ValidationMessenger(Vk vk, Instance instance, TextWriter? echo)
    {
        _instance = instance;
        _echo = echo;
        var create = (delegate* unmanaged<Instance, DebugUtilsMessengerCreateInfoEXT*, AllocationCallbacks*, DebugUtilsMessengerEXT*, Result>)
            LoadInstanceFunction(vk, instance, "vkCreateDebugUtilsMessengerEXT");
        _destroy = (delegate* unmanaged<Instance, DebugUtilsMessengerEXT, AllocationCallbacks*, void>)
            LoadInstanceFunction(vk, instance, "vkDestroyDebugUtilsMessengerEXT");
        _self = GCHandle.Alloc(this);
        var info = CreateInfo((void*)GCHandle.ToIntPtr(_self));
        DebugUtilsMessengerEXT messenger;
        create(instance, &info, null, &messenger).Check("vkCreateDebugUtilsMessengerEXT");
        _messenger = messenger;
    }

    /// <summary>
    /// Attaches a messenger to an instance the host created (with the VK_EXT_debug_utils extension and, to get
    /// messages, VK_LAYER_KHRONOS_validation): the same counting and message log the runtime uses on its own
    /// instances, for hosts that bring their own. Errors are echoed to <paramref name="echo"/> (null: silent).
    /// Dispose it before destroying the instance.
    /// </summary>
    public static ValidationMessenger Attach(Vk vk, Instance instance, TextWriter? echo)
    {
        ArgumentNullException.ThrowIfNull(vk);
        if (instance.Handle == 0)
        {
            throw new ArgumentException("Attach needs the host's live instance (the handle was null).", nameof(instance));
        }

        return new ValidationMessenger(vk, instance, echo);
    }

    /// <summary>Validation errors reported since creation.</summary>
    public int ErrorCount => Volatile.Read(ref _errors);

    /// <summary>
    /// Of <see cref="ErrorCount"/>, the synchronization hazards (message ids <c>SYNC-HAZARD-*</c>, reported by
    /// synchronization validation, which <see cref="GpuContext.Create"/> turns on with the layer).
    /// </summary>
    public int HazardCount => Volatile.Read(ref _hazards);

    /// <summary>Validation warnings reported since creation.</summary>
    public int WarningCount => Volatile.Read(ref _warnings);

    /// <summary>The most recent error and warning messages (at most 32).</summary>
    public IReadOnlyList<string> RecentMessages
    {
        get
        {
            lock (_messages)
            {
                return _messages.ToArray();
            }
        }
    }

    internal static DebugUtilsMessengerCreateInfoEXT CreateInfo(void* userData) => new()
    {
        SType = StructureType.DebugUtilsMessengerCreateInfoExt,
        MessageSeverity = DebugUtilsMessageSeverityFlagsEXT.ErrorBitExt | DebugUtilsMessageSeverityFlagsEXT.WarningBitExt,
        MessageType = DebugUtilsMessageTypeFlagsEXT.GeneralBitExt | DebugUtilsMessageTypeFlagsEXT.ValidationBitExt | DebugUtilsMessageTypeFlagsEXT.PerformanceBitExt,
        PfnUserCallback = new PfnDebugUtilsMessengerCallbackEXT(&OnMessage),
        PUserData = userData,
    };

    internal static nint LoadInstanceFunction(Vk vk, Instance instance, string name)
    {
        nint fn = (nint)vk.GetInstanceProcAddr(instance, name).Handle;
        return fn != 0 ? fn : throw new VulkanException($"Vulkan entry point {name} is not available on this instance.");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_messenger.Handle != 0)
        {
            _destroy(_instance, _messenger, null);
            _messenger = default;
        }

        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static Bool32 OnMessage(DebugUtilsMessageSeverityFlagsEXT severity, DebugUtilsMessageTypeFlagsEXT types, DebugUtilsMessengerCallbackDataEXT* data, void* userData)
    {
        if (userData == null || GCHandle.FromIntPtr((nint)userData).Target is not ValidationMessenger self)
        {
            return Vk.False;
        }

        string text = data != null ? SilkMarshal.PtrToString((nint)data->PMessage) ?? string.Empty : string.Empty;
        string id = data != null && data->PMessageIdName != null ? SilkMarshal.PtrToString((nint)data->PMessageIdName) ?? string.Empty : string.Empty;
        bool isError = (severity & DebugUtilsMessageSeverityFlagsEXT.ErrorBitExt) != 0;
        bool isHazard = id.StartsWith("SYNC-HAZARD", StringComparison.Ordinal) || text.Contains("SYNC-HAZARD", StringComparison.Ordinal);
        if (isHazard)
        {
            // Hazards are errors whatever severity the layer gives them: a missing barrier is a wrong-results bug.
            isError = true;
            Interlocked.Increment(ref self._hazards);
        }

        // Loader chatter arrives as GENERAL warnings; only validation/performance warnings are counted.
        if (isError)
        {
            Interlocked.Increment(ref self._errors);
        }
        else if ((types & DebugUtilsMessageTypeFlagsEXT.GeneralBitExt) == 0)
        {
            Interlocked.Increment(ref self._warnings);
        }
        else
        {
            return Vk.False;
        }

        lock (self._messages)
        {
            self._messages.Enqueue($"{(isError ? "error" : "warning")}: {text}");
            while (self._messages.Count > MaxKeptMessages)
            {
                self._messages.Dequeue();
            }
        }

        if (isError)
        {
            self._echo?.WriteLine($"[vulkan validation] {text}");
        }

        return Vk.False;
    }
}
