using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.Editor.Soak;

/// <summary>Memory and Vulkan objects at one point of a soak run.</summary>
/// <param name="Frame">Frames completed when it was taken.</param>
/// <param name="ResidentBytes">Resident set size (VmRSS of /proc/self/status; 0 where there is no /proc).</param>
/// <param name="ManagedBytes">Managed heap after a full collection (<see cref="GC.GetTotalMemory(bool)"/> with true).</param>
/// <param name="LiveVulkanObjects">Vulkan objects the runtime created and has not destroyed (<see cref="GpuContext.LiveObjects"/>).</param>
public sealed record SoakSnapshot(long Frame, long ResidentBytes, long ManagedBytes, int LiveVulkanObjects)
{
    /// <summary>Takes a snapshot now (collects garbage first, so the managed size is what is reachable).</summary>
    public static SoakSnapshot Take(long frame, GpuContext context) =>
        new(frame, ReadResidentBytes(), GC.GetTotalMemory(forceFullCollection: true), context.LiveObjects);

    /// <summary>VmRSS from /proc/self/status in bytes, or 0 where it cannot be read.</summary>
    public static long ReadResidentBytes()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                // "VmRSS:     123456 kB"
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
        }

        return 0;
    }
}
