using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Vulkan;

/// <summary>A Vulkan call failed. The message names the call and the <see cref="VkResult"/>.</summary>
public sealed class VulkanException : Exception
{
    /// <summary>Creates the exception for a failed <paramref name="call"/>.</summary>
    public VulkanException(string call, Result result)
        : base($"Vulkan call {call} failed with {result}.")
    {
        Call = call;
        VkResult = result;
    }

    /// <summary>Creates the exception with a free-form message (no VkResult).</summary>
    public VulkanException(string message)
        : base(message)
    {
        Call = string.Empty;
        VkResult = Result.Success;
    }

    /// <summary>The Vulkan entry point that failed.</summary>
    public string Call { get; }

    /// <summary>What it returned.</summary>
    public Result VkResult { get; }
}
