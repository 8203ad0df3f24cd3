namespace MaeRealtime.Editor.Soak;

/// <summary>The outcome of a soak run: snapshots at the start (after warm-up) and the end, and what was exercised.</summary>
/// <param name="Device">The Vulkan device's name.</param>
/// <param name="Model">The model the inpainters ran.</param>
/// <param name="Options">The run's options.</param>
/// <param name="Start">Taken after the first inpainter has run its first frames (pipelines built, slots recorded).</param>
/// <param name="End">Taken at the end, in the same state: an inpainter alive, the host's images alive, the GPU idle.</param>
/// <param name="InpaintersCreated">Inpainters created and disposed.</param>
/// <param name="ImageRecreations">Times the host destroyed and re-created its images.</param>
/// <param name="FramesWithHoles">Frames whose pass ran the model on at least one tile (read back from the statistics).</param>
/// <param name="Seconds">Wall time of the whole run.</param>
/// <param name="ValidationErrors">Validation errors (synchronization hazards included); 0 when validation is off.</param>
/// <param name="Trace">Snapshots at every tenth of the run, so a steady climb (a leak) can be told from warm-up.</param>
public sealed record SoakReport(
    string Device,
    string Model,
    SoakOptions Options,
    SoakSnapshot Start,
    SoakSnapshot End,
    int InpaintersCreated,
    int ImageRecreations,
    long FramesWithHoles,
    double Seconds,
    int ValidationErrors,
    IReadOnlyList<SoakSnapshot> Trace)
{
    /// <summary>Live Vulkan objects at the end minus at the start (0 when nothing leaked).</summary>
    public int LiveObjectGrowth => End.LiveVulkanObjects - Start.LiveVulkanObjects;

    /// <summary>Resident-memory growth in MiB.</summary>
    public double ResidentGrowthMiB => (End.ResidentBytes - Start.ResidentBytes) / (1024.0 * 1024.0);

    /// <summary>Managed-heap growth in MiB.</summary>
    public double ManagedGrowthMiB => (End.ManagedBytes - Start.ManagedBytes) / (1024.0 * 1024.0);

    /// <summary>Why the run failed (empty when it passed): object growth, resident growth over the bound, validation errors.</summary>
    public IReadOnlyList<string> Failures
    {
        get
        {
            var failures = new List<string>();
            if (LiveObjectGrowth != 0)
            {
                failures.Add($"live Vulkan objects {Start.LiveVulkanObjects} -> {End.LiveVulkanObjects}");
            }

            if (ResidentGrowthMiB > Options.MaxRssGrowthMiB)
            {
                failures.Add($"resident memory grew {ResidentGrowthMiB:F1} MiB (bound {Options.MaxRssGrowthMiB} MiB)");
            }

            if (ManagedGrowthMiB > Options.MaxManagedGrowthMiB)
            {
                failures.Add($"managed heap grew {ManagedGrowthMiB:F2} MiB (bound {Options.MaxManagedGrowthMiB} MiB)");
            }

            if (ValidationErrors > 0)
            {
                failures.Add($"{ValidationErrors} validation error(s)");
            }

            return failures;
        }
    }
}
