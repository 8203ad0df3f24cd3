using System.Runtime.CompilerServices;
using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Vulkan;

/// <summary>
/// Checks every VkResult in every build (never <c>[Conditional("DEBUG")]</c>): a failure throws
/// <see cref="VulkanException"/> naming the call, taken from the caller's expression.
/// </summary>
internal static class VkCheck
{
    public static void Check(this Result result, [CallerArgumentExpression(nameof(result))] string call = "")
    {
        if (result != Result.Success)
        {
            Fail(result, call);
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(Result result, string call)
    {
        int paren = call.IndexOf('(');
        string name = paren > 0 ? call[..paren] : call;
        throw new VulkanException(name.Replace("_vk.", "vk").Replace("Vk.", "vk").Trim(), result);
    }
}
