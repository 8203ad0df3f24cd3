using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Vulkan;
using Xunit.Abstractions;

namespace MaeRealtime.Native.Tests;

/// <summary>
/// Samples/CHost end to end: it owns its device, records the pass through libmaert, and must report zero
/// validation errors, allocate nothing in steady state, produce the very bytes the C# path produces for the
/// same frame, mask and model, and record at no more than 1.5x the cost of the C# FrameInpainter.Record.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed unsafe partial class CHostTests(NativeBuildFixture build, ITestOutputHelper output)
{
    private const int BenchRecords = 3000;

    [Fact]
    public void CHostOutputEqualsTheCSharpPathByteForByteAndRecordsAsCheaply()
    {
        using var dir = new TempDirectory();
        var run = build.RunC(build.ChostPath, "--model", build.Model, "--out", dir.Path, "--frames", "4", "--bench", BenchRecords.ToString(CultureInfo.InvariantCulture));
        output.WriteLine(run.StdOut);
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("validation on", run.StdOut);
        Assert.Contains("validation errors: 0", run.StdOut);
        Assert.Matches(@"steady-state median [\d.]+ us over 2 frames, 0 B allocated in steady state", run.StdOut);
        Assert.Matches(@"over \d+ unsubmitted records, 0 B allocated", run.StdOut);

        // The C# path on the C sample's own input: the tools' ImageInpainter with the same options.
        var (rgba, width, height, channels) = StoredPng.Decode(File.ReadAllBytes(dir.File("input.png")));
        var (mask, maskWidth, maskHeight, maskChannels) = StoredPng.Decode(File.ReadAllBytes(dir.File("mask.png")));
        Assert.Equal((4, 1, width, height), (channels, maskChannels, maskWidth, maskHeight));
        using var context = GpuContext.Create(new GpuContextOptions { Validation = true, PipelineCacheDirectory = build.PipelineCache });
        using var weights = new GpuWeights(context, WeightFile.Load(build.Model));
        var options = new FrameInpainterOptions { MaxWidth = width, MaxHeight = height, FramesInFlight = 2 };
        var filled = new byte[rgba.Length];
        using (var inpainter = new ImageInpainter(context, weights, options))
        {
            inpainter.Inpaint(rgba, mask, width, height, filled);
        }

        byte[] expected = StoredPng.Encode(filled, width, height, 4);
        byte[] actual = File.ReadAllBytes(dir.File("output.png"));
        int differing = Enumerable.Range(0, filled.Length / 4).Count(i => !StoredPng.Decode(actual).Pixels.AsSpan(i * 4, 4).SequenceEqual(filled.AsSpan(i * 4, 4)));
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"output.png differs from the C# path's: {differing} of {filled.Length / 4} pixels.");
        int holes = mask.Count(m => m >= 128);
        int stillMagenta = Enumerable.Range(0, mask.Length).Count(i => mask[i] >= 128 && filled[i * 4] == 255 && filled[(i * 4) + 1] == 0 && filled[(i * 4) + 2] == 255);
        Assert.True(holes > 0 && stillMagenta == 0, $"{stillMagenta} of {holes} hole pixels kept the stale magenta: the holes were not filled");

        // Record cost: the same unsubmitted-record loop in C#, on the same frame size and options.
        double csharpUs = MedianCSharpRecordMicroseconds(context, weights, options, width, height, out long csharpBytes);
        double abiUs = double.Parse(BenchMedian().Match(run.StdOut).Groups[1].Value, CultureInfo.InvariantCulture);
        output.WriteLine($"record median: ABI {abiUs:F2} us, C# {csharpUs:F2} us (ratio {abiUs / csharpUs:F2}); C# bytes allocated over the loop: {csharpBytes}");
        Assert.Equal(0, csharpBytes);
        Assert.True(abiUs <= 1.5 * csharpUs, $"maert_record median {abiUs:F2} us exceeds 1.5x FrameInpainter.Record's {csharpUs:F2} us.");
        Assert.Equal(0, context.ValidationErrorCount);
    }

    /// <summary>Median CPU microseconds of <see cref="FrameInpainter.Record"/> into a command buffer that is never submitted.</summary>
    private static double MedianCSharpRecordMicroseconds(GpuContext context, GpuWeights weights, FrameInpainterOptions options, int width, int height, out long allocated)
    {
        var vk = context.Vk;
        using var color = new GpuImage(context, width, height, Format.R8G8B8A8Unorm, ImageUsageFlags.SampledBit);
        using var mask = new GpuImage(context, width, height, Format.R8Unorm, ImageUsageFlags.SampledBit);
        using var target = new GpuImage(context, width, height, Format.R8G8B8A8Unorm, ImageUsageFlags.StorageBit);
        using var inpainter = new FrameInpainter(context, weights, options);
        var frame = new FrameImages
        {
            Width = width,
            Height = height,
            Color = color.Handle,
            ColorFormat = FrameColorFormat.Rgba8Unorm,
            Mask = mask.Handle,
            MaskFormat = Format.R8Unorm,
            Output = target.Handle,
            OutputFormat = FrameColorFormat.Rgba8Unorm,
        };
        var poolInfo = new CommandPoolCreateInfo { SType = StructureType.CommandPoolCreateInfo, QueueFamilyIndex = context.QueueFamilyIndex, Flags = CommandPoolCreateFlags.ResetCommandBufferBit };
        CommandPool pool;
        Assert.Equal(Result.Success, vk.CreateCommandPool(context.Device, &poolInfo, null, &pool));
        try
        {
            var allocInfo = new CommandBufferAllocateInfo { SType = StructureType.CommandBufferAllocateInfo, CommandPool = pool, Level = CommandBufferLevel.Primary, CommandBufferCount = 1 };
            CommandBuffer cmd;
            Assert.Equal(Result.Success, vk.AllocateCommandBuffers(context.Device, &allocInfo, &cmd));
            var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
            var samples = new double[BenchRecords];
            const int warmup = 16; // the first FramesInFlight records record the slots; the rest replay, as in the C run
            allocated = 0;
            for (int i = -warmup; i < BenchRecords; i++)
            {
                // Plain checks, no Assert in the loop: xunit's comparers allocate and would blur the byte count.
                Check(vk.BeginCommandBuffer(cmd, &begin));
                long bytes = GC.GetAllocatedBytesForCurrentThread();
                long t0 = Stopwatch.GetTimestamp();
                inpainter.Record(cmd, frame);
                long t1 = Stopwatch.GetTimestamp();
                bytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
                Check(vk.EndCommandBuffer(cmd));
                if (i >= 0)
                {
                    samples[i] = (t1 - t0) * 1e6 / Stopwatch.Frequency;
                    allocated += bytes;
                }
            }

            Array.Sort(samples);
            inpainter.ForgetImage(color.Handle);
            inpainter.ForgetImage(mask.Handle);
            inpainter.ForgetImage(target.Handle);
            return samples[BenchRecords / 2];
        }
        finally
        {
            vk.DestroyCommandPool(context.Device, pool, null);
        }
    }

    private static void Check(Result result)
    {
        if (result != Result.Success)
        {
            throw new InvalidOperationException($"Vulkan call failed: {result}");
        }
    }

    [GeneratedRegex(@"maert_record median ([\d.]+) us")]
    private static partial Regex BenchMedian();
}
