using System.Runtime.InteropServices;

namespace MaeRealtime.Native;

/// <summary>Mirror of <c>maert_context_create_info</c> (72 bytes on 64-bit targets).</summary>
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

    /// <summary><c>flags</c> (since 1.3): <c>MAERT_CONTEXT_CREATE_STORAGE_BUFFER_16BIT_ACCESS_BIT</c>.</summary>
    public uint Flags;

    /// <summary><c>reserved</c> (since 1.3): must be 0.</summary>
    public uint Reserved;
}
