using System.Runtime.InteropServices;
using Silk.NET.Core;
using Silk.NET.Vulkan;

namespace MaeRealtime.Viewer.Presentation;

/// <summary>
/// The viewer's VK_EXT_debug_utils messenger: counts validation errors (printed on exit, asserted zero by the
/// test) and writes each to stderr. The runtime's own messenger only exists on instances the runtime creates;
/// here the viewer owns the instance and the runtime adopts it.
/// </summary>
internal sealed unsafe class DebugMessenger : IDisposable
{
    private readonly Instance _instance;
    private readonly delegate* unmanaged<Instance, DebugUtilsMessengerEXT, AllocationCallbacks*, void> _destroy;
    private GCHandle _self;
    private DebugUtilsMessengerEXT _messenger;
    private int _errors;

    public DebugMessenger(Vk vk, Instance instance)
    {
        _instance = instance;
        var create = (delegate* unmanaged<Instance, DebugUtilsMessengerCreateInfoEXT*, AllocationCallbacks*, DebugUtilsMessengerEXT*, Result>)
            InstanceProc(vk, instance, "vkCreateDebugUtilsMessengerEXT");
        _destroy = (delegate* unmanaged<Instance, DebugUtilsMessengerEXT, AllocationCallbacks*, void>)
            InstanceProc(vk, instance, "vkDestroyDebugUtilsMessengerEXT");
        _self = GCHandle.Alloc(this);
        var info = new DebugUtilsMessengerCreateInfoEXT
        {
            SType = StructureType.DebugUtilsMessengerCreateInfoExt,
            MessageSeverity = DebugUtilsMessageSeverityFlagsEXT.ErrorBitExt,
            MessageType = DebugUtilsMessageTypeFlagsEXT.GeneralBitExt | DebugUtilsMessageTypeFlagsEXT.ValidationBitExt,
            PfnUserCallback = new PfnDebugUtilsMessengerCallbackEXT(&OnMessage),
            PUserData = (void*)GCHandle.ToIntPtr(_self),
        };
        DebugUtilsMessengerEXT messenger;
        create(instance, &info, null, &messenger).Check("vkCreateDebugUtilsMessengerEXT");
        _messenger = messenger;
    }

    /// <summary>Validation errors reported so far.</summary>
    public int ErrorCount => Volatile.Read(ref _errors);

    /// <summary>Loads an instance-level entry point, or throws naming it.</summary>
    public static nint InstanceProc(Vk vk, Instance instance, string name)
    {
        nint fn = (nint)vk.GetInstanceProcAddr(instance, name).Handle;
        return fn != 0 ? fn : throw new InvalidOperationException($"Vulkan entry point {name} is not available on this instance.");
    }

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
    private static Bool32 OnMessage(DebugUtilsMessageSeverityFlagsEXT severity, DebugUtilsMessageTypeFlagsEXT types, DebugUtilsMessengerCallbackDataEXT* data, void* user)
    {
        if (user != null && GCHandle.FromIntPtr((nint)user).Target is DebugMessenger self)
        {
            Interlocked.Increment(ref self._errors);
            string text = data != null ? Marshal.PtrToStringUTF8((nint)data->PMessage) ?? string.Empty : string.Empty;
            Console.Error.WriteLine($"viewer: [vulkan validation] {text}");
        }

        return Vk.False;
    }
}
