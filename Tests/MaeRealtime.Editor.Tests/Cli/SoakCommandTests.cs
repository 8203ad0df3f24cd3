using System.Text.Json;
using MaeRealtime.Editor.Soak;

namespace MaeRealtime.Editor.Tests.Cli;

/// <summary>
/// <c>mae soak</c> in miniature, with validation (synchronization validation included): frames with changing
/// holes, images re-created both ways, inpainters re-created; no live Vulkan object may be left over and
/// resident memory must stay bounded.
/// </summary>
[Collection(SoakCollection.Name)]
public sealed class SoakCommandTests
{
    [Fact]
    public void ShortSoak_LeavesNoVulkanObjects_AndBoundedMemory()
    {
        var (code, stdout, stderr) = CliHarness.Run(
            "soak", "--frames", "60", "--recreate-every", "20", "--cycles", "3", "--json", "--validation", "--max-rss-growth", "48");
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(60, root.GetProperty("frames").GetInt32());
        Assert.Equal(3, root.GetProperty("inpainters").GetInt32());
        Assert.Equal(2, root.GetProperty("imageRecreations").GetInt32()); // once with ForgetImage, once with a new generation
        Assert.Equal(0, root.GetProperty("validationErrors").GetInt32());

        // Every seventh frame has no hole; the others must run the model (the holes really change the work done).
        long withHoles = root.GetProperty("framesWithHoles").GetInt64();
        Assert.InRange(withHoles, 30, 60);

        var start = root.GetProperty("start");
        var end = root.GetProperty("end");
        Assert.True(start.GetProperty("liveVulkanObjects").GetInt32() > 0);
        Assert.Equal(start.GetProperty("liveVulkanObjects").GetInt32(), end.GetProperty("liveVulkanObjects").GetInt32());
        Assert.Equal(0, root.GetProperty("liveObjectGrowth").GetInt32());
        Assert.True(root.GetProperty("residentGrowthMiB").GetDouble() <= 48, stdout);
        Assert.True(start.GetProperty("residentBytes").GetInt64() > 0, "VmRSS was read");
        Assert.True(root.GetProperty("passed").GetBoolean());

        // Along the way: never more than the start plus the views a generation change retires (3 images per frame
        // in flight, destroyed two frames later).
        var trace = root.GetProperty("trace").EnumerateArray().ToList();
        Assert.Equal(10, trace.Count);
        int startObjects = start.GetProperty("liveVulkanObjects").GetInt32();
        Assert.All(trace, s => Assert.InRange(s.GetProperty("liveVulkanObjects").GetInt32(), startObjects, startObjects + 6));
    }

    [Fact]
    public void Report_FailsOnAnyLeftOverObject_OrGrowthPastTheBounds()
    {
        var options = new SoakOptions(Frames: 10, MaxRssGrowthMiB: 8, MaxManagedGrowthMiB: 1);
        var start = new SoakSnapshot(3, 100 << 20, 1 << 20, 80);
        Assert.Empty(new SoakReport("d", "m", options, start, start with { Frame = 10 }, 1, 0, 5, 1, 0, []).Failures);
        Assert.Contains("live Vulkan objects 80 -> 81", Assert.Single(new SoakReport("d", "m", options, start, start with { LiveVulkanObjects = 81 }, 1, 0, 5, 1, 0, []).Failures));
        Assert.Contains("resident memory grew 9.0 MiB", Assert.Single(new SoakReport("d", "m", options, start, start with { ResidentBytes = 109 << 20 }, 1, 0, 5, 1, 0, []).Failures));
        Assert.Contains("managed heap grew", Assert.Single(new SoakReport("d", "m", options, start, start with { ManagedBytes = 3 << 20 }, 1, 0, 5, 1, 0, []).Failures));
        Assert.Contains("validation error", Assert.Single(new SoakReport("d", "m", options, start, start, 1, 0, 5, 1, 2, []).Failures));
    }

    [Fact]
    public void MoreCyclesThanFrames_IsAUsageError()
    {
        var (code, _, stderr) = CliHarness.Run("soak", "--frames", "5", "--cycles", "6");
        Assert.Equal(1, code);
        Assert.Contains("--cycles 6", stderr);
    }
}
