using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.Runtime.Inference;

/// <summary>
/// How an environment variable overrides a runtime choice (<c>MAE_KERNELS</c>, <c>MAE_ACTIVATIONS</c>): unset or blank
/// is no override, a known word (any case, surrounding spaces ignored) picks its value, and anything else is an error
/// naming the variable and the words it takes, never silently ignored (a <see cref="VulkanException"/>, as for an
/// unmatched <c>MAE_DEVICE</c>, so tools report it as a user error).
/// </summary>
internal static class EnvironmentChoice
{
    /// <summary>The choice <paramref name="value"/> of <paramref name="variable"/> names; null when it is unset or blank.</summary>
    public static T? Parse<T>(string variable, string? value, string whenUnset, params (string Word, T Choice)[] choices)
        where T : struct
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        string word = value.Trim().ToLowerInvariant();
        foreach (var (known, choice) in choices)
        {
            if (word == known)
            {
                return choice;
            }
        }

        throw new VulkanException($"{variable}='{value}': expected {string.Join(" or ", choices.Select(c => $"'{c.Word}'"))} (or unset {whenUnset}).");
    }
}
