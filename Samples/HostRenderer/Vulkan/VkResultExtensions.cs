using Silk.NET.Vulkan;

namespace MaeRealtime.HostRenderer.Vulkan;

/// <summary>Turns a failed <see cref="Result"/> into a <see cref="HostVulkanException"/> naming the call.</summary>
internal static class VkResultExtensions
{
    public static void Check(this Result result, string call)
    {
        if (result != Result.Success)
        {
            throw new HostVulkanException($"{call} returned {result}.");
        }
    }
}
