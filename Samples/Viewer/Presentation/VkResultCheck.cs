using Silk.NET.Vulkan;

namespace MaeRealtime.Viewer.Presentation;

/// <summary>Turns a failed <see cref="Result"/> into an exception naming the call, in every build.</summary>
internal static class VkResultCheck
{
    /// <summary>Throws <see cref="InvalidOperationException"/> unless <paramref name="result"/> is Success.</summary>
    public static void Check(this Result result, string call)
    {
        if (result != Result.Success)
        {
            throw new InvalidOperationException($"{call} failed: {result}");
        }
    }
}
