using System.Runtime.InteropServices;
using Silk.NET.Core;
using Silk.NET.Core.Native;
using Silk.NET.Vulkan;

namespace MaeRealtime.HostRenderer.Vulkan;

/// <summary>
/// The host's own VK_EXT_debug_utils messenger: counts validation errors and warnings and keeps the latest
/// messages. (Silk.NET.Vulkan's core package has no ExtDebugUtils wrapper, so the two entry points are loaded
/// with vkGetInstanceProcAddr.)
/// </summary>
public sealed unsafe class DebugMessenger : IDisposable
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

    /// <summary>Creates the messenger on <paramref name="instance"/> (created with VK_EXT_debug_utils); errors are echoed to <paramref name="echo"/>.</summary>
    public DebugMessenger(Vk vk, Instance instance, TextWriter? echo)
    {
        _instance = instance;
        _echo = echo;
        var create = (delegate* unmanaged<Instance, DebugUtilsMessengerCreateInfoEXT*, AllocationCallbacks*, DebugUtilsMessengerEXT*, Result>)Load(vk, instance, "vkCreateDebugUtilsMessengerEXT");
        _destroy = (delegate* unmanaged<Instance, DebugUtilsMessengerEXT, AllocationCallbacks*, void>)Load(vk, instance, "vkDestroyDebugUtilsMessengerEXT");
        _self = GCHandle.Alloc(this);
        var info = new DebugUtilsMessengerCreateInfoEXT
        {
            SType = StructureType.DebugUtilsMessengerCreateInfoExt,
            MessageSeverity = DebugUtilsMessageSeverityFlagsEXT.ErrorBitExt | DebugUtilsMessageSeverityFlagsEXT.WarningBitExt,
            MessageType = DebugUtilsMessageTypeFlagsEXT.GeneralBitExt | DebugUtilsMessageTypeFlagsEXT.ValidationBitExt | DebugUtilsMessageTypeFlagsEXT.PerformanceBitExt,
            PfnUserCallback = new PfnDebugUtilsMessengerCallbackEXT(&OnMessage),
            PUserData = (void*)GCHandle.ToIntPtr(_self),
        };
        DebugUtilsMessengerEXT messenger;
        var result = create(instance, &info, null, &messenger);
        if (result != Result.Success)
        {
            _self.Free();
            throw new HostVulkanException($"vkCreateDebugUtilsMessengerEXT returned {result}.");
        }

        _messenger = messenger;
    }

    /// <summary>Validation errors reported so far.</summary>
    public int ErrorCount => Volatile.Read(ref _errors);

    /// <summary>Validation and performance warnings reported so far.</summary>
    public int WarningCount => Volatile.Read(ref _warnings);

    /// <summary>The latest error and warning messages (at most 32).</summary>
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

    private static nint Load(Vk vk, Instance instance, string name)
    {
        nint fn = (nint)vk.GetInstanceProcAddr(instance, name).Handle;
        return fn != 0 ? fn : throw new HostVulkanException($"Vulkan entry point {name} is not available (instance created without VK_EXT_debug_utils?).");
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static Bool32 OnMessage(DebugUtilsMessageSeverityFlagsEXT severity, DebugUtilsMessageTypeFlagsEXT types, DebugUtilsMessengerCallbackDataEXT* data, void* userData)
    {
        if (userData == null || GCHandle.FromIntPtr((nint)userData).Target is not DebugMessenger self)
        {
            return Vk.False;
        }

        bool error = (severity & DebugUtilsMessageSeverityFlagsEXT.ErrorBitExt) != 0;
        if (!error && (types & DebugUtilsMessageTypeFlagsEXT.GeneralBitExt) != 0)
        {
            return Vk.False; // loader chatter
        }

        string text = data != null ? SilkMarshal.PtrToString((nint)data->PMessage) ?? string.Empty : string.Empty;
        if (error)
        {
            Interlocked.Increment(ref self._errors);
            self._echo?.WriteLine($"[vulkan validation] {text}");
        }
        else
        {
            Interlocked.Increment(ref self._warnings);
        }

        lock (self._messages)
        {
            self._messages.Enqueue($"{(error ? "error" : "warning")}: {text}");
            while (self._messages.Count > MaxKeptMessages)
            {
                self._messages.Dequeue();
            }
        }

        return Vk.False;
    }
}
