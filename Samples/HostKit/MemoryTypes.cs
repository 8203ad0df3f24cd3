using Silk.NET.Vulkan;

namespace MaeRealtime.HostKit;

/// <summary>Memory-type choice and allocation, the one rule every sample device uses.</summary>
public static class MemoryTypes
{
    /// <summary>Index of a memory type allowed by <paramref name="typeBits"/> with all of <paramref name="flags"/>, or -1.</summary>
    public static int Find(in PhysicalDeviceMemoryProperties memory, uint typeBits, MemoryPropertyFlags flags)
    {
        for (int i = 0; i < memory.MemoryTypeCount; i++)
        {
            if ((typeBits & (1u << i)) != 0 && (memory.MemoryTypes[i].PropertyFlags & flags) == flags)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Allocates <paramref name="req"/> on <paramref name="device"/>: preferred | required flags where a type has them, else required only.</summary>
    public static unsafe DeviceMemory Allocate(Vk vk, Device device, in PhysicalDeviceMemoryProperties memory, MemoryRequirements req,
        MemoryPropertyFlags preferred, MemoryPropertyFlags required, string what)
    {
        int type = Find(memory, req.MemoryTypeBits, preferred | required);
        if (type < 0)
        {
            type = Find(memory, req.MemoryTypeBits, required);
        }

        if (type < 0)
        {
            throw new HostVulkanException($"No Vulkan memory type with {required} for {what} (allowed types 0x{req.MemoryTypeBits:X}).");
        }

        var info = new MemoryAllocateInfo { SType = StructureType.MemoryAllocateInfo, AllocationSize = req.Size, MemoryTypeIndex = (uint)type };
        DeviceMemory result;
        vk.AllocateMemory(device, &info, null, &result).Check($"vkAllocateMemory ({what}, {req.Size} bytes)");
        return result;
    }
}
