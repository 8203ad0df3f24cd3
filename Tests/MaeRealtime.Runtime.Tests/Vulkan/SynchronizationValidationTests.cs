using MaeRealtime.Runtime.Tests.Gpu;
using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.Runtime.Tests.Vulkan;

/// <summary>
/// The GPU tests assert zero validation errors; that only means "no hazards" when synchronization validation
/// is really on and its hazards are counted. This test provokes one on a context of its own.
/// </summary>
public sealed class SynchronizationValidationTests(GpuFixture fixture) : GpuTest(fixture)
{
    [Fact]
    public unsafe void AMissingBarrier_IsReportedAsAHazard_AndCountsAsAnError()
    {
        using var context = GpuContext.Create(new GpuContextOptions { Validation = true, PipelineCacheDirectory = string.Empty });
        var messenger = context.Validation!;
        using (var buffer = new GpuBuffer(context, 256, "hazard"))
        {
            context.SubmitAndWait(cmd =>
            {
                // Two transfer writes to the same bytes with no barrier between them: WRITE_AFTER_WRITE.
                context.Vk.CmdFillBuffer(cmd, buffer.Handle, 0, 256, 1);
                context.Vk.CmdFillBuffer(cmd, buffer.Handle, 0, 256, 2);
            });
        }

        Assert.True(messenger.HazardCount >= 1, $"no SYNC-HAZARD reported; messages: {string.Join(" | ", messenger.RecentMessages)}");
        Assert.True(messenger.ErrorCount >= messenger.HazardCount);
        Assert.Contains(messenger.RecentMessages, m => m.Contains("SYNC-HAZARD-WRITE-AFTER-WRITE", StringComparison.Ordinal));

        // The shared fixture is created the same way, so every GPU test's zero-error check covers hazards too.
    }
}
