using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.Runtime.Inference;

/// <summary>Resolves an <see cref="ActivationPrecision"/> against the device, the kernel family and the environment.</summary>
public static class ActivationPrecisionChoice
{
    /// <summary>Environment variable overriding <see cref="ActivationPrecision.Auto"/>: <c>fp16</c> or <c>fp32</c>.</summary>
    public const string EnvironmentVariable = "MAE_ACTIVATIONS";

    /// <summary>
    /// Whether a pass with <paramref name="family"/>'s kernels on <paramref name="context"/> keeps its transient
    /// tensors in fp16. Auto takes the <c>MAE_ACTIVATIONS</c> override when set, else fp16 exactly when it can run.
    /// An explicit (or overridden) fp16 that cannot run is an error naming why, never a silent fp32.
    /// </summary>
    public static bool UsesHalf(GpuContext context, KernelFamily family, ActivationPrecision requested)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Enum.IsDefined(requested))
        {
            throw new ArgumentOutOfRangeException(nameof(requested), requested, "Expected Auto, Float32 or Float16.");
        }

        if (requested == ActivationPrecision.Auto)
        {
            var forced = ParseOverride(Environment.GetEnvironmentVariable(EnvironmentVariable));
            if (forced is null)
            {
                return family == KernelFamily.Tiled && context.StorageBuffer16BitAccess;
            }

            requested = forced.Value;
        }

        if (requested == ActivationPrecision.Float32)
        {
            return false;
        }

        if (family != KernelFamily.Tiled)
        {
            throw new VulkanException("fp16 activations run on the tiled kernel family; the CPU family reads the arena through fp32 texel views. Choose the tiled family (MAE_KERNELS=tiled) or fp32 activations.");
        }

        if (!context.StorageBuffer16BitAccess)
        {
            throw new VulkanException($"fp16 activations need storageBuffer16BitAccess, which device '{context.DeviceName}' does not have enabled" +
                (context.OwnsDevice ? " (the device does not offer it)." : " (a host's device: when the host enabled it, say so with GpuContextOptions.HostEnabledStorageBuffer16BitAccess, or MAERT_CONTEXT_CREATE_STORAGE_BUFFER_16BIT_ACCESS_BIT in C)."));
        }

        return true;
    }

    /// <summary>Parses a <c>MAE_ACTIVATIONS</c> value (<see cref="EnvironmentChoice"/>): null for unset or empty; anything but fp16/fp32 is an error.</summary>
    public static ActivationPrecision? ParseOverride(string? value) =>
        EnvironmentChoice.Parse(EnvironmentVariable, value, "for fp16 wherever it can run", ("fp16", ActivationPrecision.Float16), ("fp32", ActivationPrecision.Float32));
}
