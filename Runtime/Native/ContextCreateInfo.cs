using System.Runtime.InteropServices;

namespace MaeRealtime.Native;

/// <summary>Mirror of <c>maert_context_create_info</c> (64 bytes on 64-bit targets).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct ContextCreateInfo
{
    /// <summary><c>sType</c>.</summary>
    public MaertStructureType SType;

    /// <summary><c>structSize</c>.</summary>
    public uint StructSize;

    /// <summary><c>pNext</c>.</summary>
    public void* PNext;

    /// <summary><c>instance</c>.</summary>
    public nint Instance;

    /// <summary><c>physicalDevice</c>.</summary>
    public nint PhysicalDevice;

    /// <summary><c>device</c>.</summary>
    public nint Device;

    /// <summary><c>queueFamilyIndex</c>.</summary>
    public uint QueueFamilyIndex;

    /// <summary><c>queueIndex</c>.</summary>
    public uint QueueIndex;

    /// <summary><c>pfnGetInstanceProcAddr</c>.</summary>
    public nint PfnGetInstanceProcAddr;

    /// <summary><c>pipelineCacheDirectory</c> (UTF-8, may be null).</summary>
    public byte* PipelineCacheDirectory;
}
