using Silk.NET.Vulkan;

namespace MaeRealtime.HostKit;

/// <summary>Turns a failed <see cref="Result"/> into a <see cref="HostVulkanException"/> naming the call, in every build.</summary>
public static class VkResultExtensions
{
    /// <summary>Throws unless <paramref name="result"/> is <see cref="Result.Success"/>.</summary>
    public static void Check(this Result result, string call)
    {
        if (result != Result.Success)
        {
            throw new HostVulkanException($"{call} returned {result}.");
        }
    }
}
