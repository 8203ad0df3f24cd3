using Silk.NET.Vulkan;

namespace MaeRealtime.Viewer.Presentation;

/// <summary>Loads instance-level extension entry points that Silk.NET.Vulkan 2.23 in this package set has no wrapper classes for.</summary>
internal static class InstanceFunctions
{
    /// <summary>The entry point <paramref name="name"/> of <paramref name="instance"/>; throws when the instance lacks it.</summary>
    public static unsafe nint Load(Vk vk, Instance instance, string name)
    {
        nint fn = (nint)vk.GetInstanceProcAddr(instance, name).Handle;
        return fn != 0 ? fn : throw new InvalidOperationException($"Vulkan entry point {name} is not available on this instance.");
    }
}
