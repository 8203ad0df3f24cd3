using System.Diagnostics;
using System.Globalization;
using MaeRealtime.HostRenderer.Output;
using MaeRealtime.HostRenderer.Scene;
using MaeRealtime.HostRenderer.Vulkan;
using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.HostRenderer;

/// <summary>
/// The host renderer: owns its Vulkan device, lends it to MaeRealtime with <see cref="GpuContext.Adopt"/>, and per
/// frame records into ONE primary command buffer: its scene pass (colour + hole mask), the barriers into the
/// layouts <see cref="FrameImages"/> asks for, <see cref="FrameInpainter.Record"/>, and the readback copies.
/// Two frames are in flight: each has its own images, command buffer and fence, and frame N's results are read
/// back (and written as PNG) when its slot comes round again at frame N + 2, or at the end.
/// docs/INTEGRATION.md walks through this file.
/// </summary>
public static unsafe class HostRendererApp
{
    /// <summary>Frames the host keeps in flight (and the runtime is built for: <see cref="FrameInpainterOptions.FramesInFlight"/>).</summary>
    public const int FramesInFlight = 2;

    /// <summary>
    /// Renders <see cref="HostRendererOptions.Frames"/> frames, fills their holes and writes them as PNG under
    /// <see cref="HostRendererOptions.OutputDirectory"/>. Progress goes to <paramref name="log"/>;
    /// <paramref name="onFrame"/> sees each frame's pixels as read back.
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="FileNotFoundException">The model file is missing.</exception>
    /// <exception cref="WeightFileException">The model file is not a valid weight file.</exception>
    /// <exception cref="HostVulkanException">No usable Vulkan device, or a Vulkan call of the host failed.</exception>
    public static HostRunResult Run(HostRendererOptions options, TextWriter? log = null, Action<CompletedFrame>? onFrame = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        log ??= TextWriter.Null;
        var clock = Stopwatch.StartNew();
        string modelPath = ModelLocator.Resolve(options.ModelPath);
        var weightFile = WeightFile.Load(modelPath);
        Directory.CreateDirectory(options.OutputDirectory);
        int width = options.Width, height = options.Height;

        // 1. The host's own Vulkan objects (an engine has these already).
        using var host = HostDevice.Create(options.ValidationEnabled, options.DeviceSelector, log);
        log.WriteLine($"device: {host.DeviceName} (queue family {host.QueueFamilyIndex}, mask {host.MaskFormat}, validation {(options.ValidationEnabled ? "on" : "off")})");
        CommandPool pool = default;
        ScenePass? scene = null;
        var slots = new List<HostFrameSlot>();
        GpuContext? context = null;
        GpuWeights? weights = null;
        FrameInpainter? inpainter = null;
        var reports = new FrameReport?[options.Frames];
        try
        {
            // 2. Lend them to the runtime: it never destroys the instance, device or queue.
            context = GpuContext.Adopt(host.Vk, host.Instance, host.PhysicalDevice, host.Device, host.QueueFamilyIndex, 0,
                new GpuContextOptions { PipelineCacheDirectory = options.PipelineCacheDirectory, ApplicationName = "MaeRealtime.HostRenderer" });
            weights = new GpuWeights(context, weightFile);
            // 3. Everything the pass needs is allocated here, sized for the largest frame and the frames in flight.
            inpainter = new FrameInpainter(context, weights, new FrameInpainterOptions { MaxWidth = width, MaxHeight = height, FramesInFlight = FramesInFlight });
            var grid = inpainter.GridFor(width, height);
            log.WriteLine($"model: {Path.GetFileName(modelPath)} ({weights.Config.ImageSize}px tiles, {inpainter.KernelFamily} kernels); frame {width}x{height}: {grid.Count} tiles, overlap {inpainter.Overlap}px");

            scene = new ScenePass(host, FramesInFlight);
            pool = CreateCommandPool(host);
            for (int i = 0; i < FramesInFlight; i++)
            {
                slots.Add(new HostFrameSlot(host, pool, scene, width, height, i));
            }

            byte[]? scratch = null;
            long statsSeen = -1;
            for (long frame = 0; frame < options.Frames; frame++)
            {
                var slot = slots[(int)(frame % FramesInFlight)];
                // The frame submitted FramesInFlight frames ago used this slot: wait for it, then read it back.
                WaitAndComplete(host, slot, options, onFrame, reports, log, ref scratch);

                var (recordUs, recordBytes) = RecordFrame(host, scene, inpainter, slot, options, frame);
                Submit(host, slot);
                slot.PendingFrame = frame;
                reports[frame] = Placeholder(frame, recordUs, recordBytes);

                // Record refreshed LatestStats from the frame whose slot it reused (frame - FramesInFlight).
                statsSeen = TakeStats(inpainter.LatestStats, statsSeen, reports, log);
            }

            // Drain: read back the frames still in flight, oldest first.
            foreach (var slot in slots.Where(s => s.PendingFrame >= 0).OrderBy(s => s.PendingFrame).ToList())
            {
                WaitAndComplete(host, slot, options, onFrame, reports, log, ref scratch);
                statsSeen = TakeStats(inpainter.UpdateStats(), statsSeen, reports, log);
            }

            foreach (var report in reports.Where(r => r is not null && !r.HasStats))
            {
                log.WriteLine(Describe(report!));
            }
        }
        finally
        {
            // Teardown: GPU idle, the runtime forgets the host's images (it made views of them), then each side
            // destroys what it owns; the adopted device outlives the runtime's context.
            host.Vk.DeviceWaitIdle(host.Device);
            foreach (var slot in slots)
            {
                inpainter?.ForgetImage(slot.Color.Handle);
                inpainter?.ForgetImage(slot.Mask.Handle);
                inpainter?.ForgetImage(slot.Output.Handle);
                slot.Dispose();
            }

            inpainter?.Dispose();
            weights?.Dispose();
            context?.Dispose();
            scene?.Dispose();
            if (pool.Handle != 0)
            {
                host.Vk.DestroyCommandPool(host.Device, pool, null);
            }
        }

        int errors = host.ValidationErrors;
        if (options.ValidationEnabled)
        {
            log.WriteLine($"validation errors: {errors}");
        }

        clock.Stop();
        return new HostRunResult
        {
            DeviceName = host.DeviceName,
            ModelPath = modelPath,
            MaskFormat = host.MaskFormat.ToString(),
            Frames = reports.Select(r => r!).ToArray(),
            Validation = options.ValidationEnabled,
            ValidationErrors = errors,
            ValidationMessages = host.Messenger?.RecentMessages ?? [],
            Seconds = clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>
    /// Records frame <paramref name="frame"/> into the slot's primary command buffer: scene pass, inpaint pass,
    /// readback. Returns the CPU time and managed bytes of <see cref="FrameInpainter.Record"/> alone.
    /// </summary>
    private static (double Microseconds, long Bytes) RecordFrame(HostDevice host, ScenePass scene, FrameInpainter inpainter, HostFrameSlot slot, HostRendererOptions options, long frame)
    {
        var vk = host.Vk;
        var cmd = slot.Commands;
        vk.ResetCommandBuffer(cmd, 0).Check("vkResetCommandBuffer");
        var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
        vk.BeginCommandBuffer(cmd, &begin).Check("vkBeginCommandBuffer");
        var barriers = stackalloc ImageMemoryBarrier[3];

        // (a) All three images to GENERAL for compute-shader writes, old contents discarded. Their last use (this
        //     slot's previous frame) was the readback copy: a transfer-stage read, hence the source stage.
        barriers[0] = slot.Color.Barrier(ImageLayout.Undefined, ImageLayout.General, 0, AccessFlags.ShaderWriteBit);
        barriers[1] = slot.Mask.Barrier(ImageLayout.Undefined, ImageLayout.General, 0, AccessFlags.ShaderWriteBit);
        barriers[2] = slot.Output.Barrier(ImageLayout.Undefined, ImageLayout.General, 0, AccessFlags.ShaderWriteBit);
        vk.CmdPipelineBarrier(cmd, PipelineStageFlags.TransferBit, PipelineStageFlags.ComputeShaderBit, 0, 0, null, 0, null, 3, barriers);

        //     The host's scene pass writes colour (occluders in the hole colour) and the hole mask.
        float time = (float)(frame / options.FramesPerSecond);
        scene.Record(cmd, slot.SceneSet, options.Width, options.Height, time, options.Occluders);

        // (b) Colour and mask: scene writes -> the inpaint pass's sampled reads, in SHADER_READ_ONLY_OPTIMAL.
        //     The output stays in GENERAL; its earlier access (none this frame) is complete.
        barriers[0] = slot.Color.Barrier(ImageLayout.General, ImageLayout.ShaderReadOnlyOptimal, AccessFlags.ShaderWriteBit, AccessFlags.ShaderReadBit);
        barriers[1] = slot.Mask.Barrier(ImageLayout.General, ImageLayout.ShaderReadOnlyOptimal, AccessFlags.ShaderWriteBit, AccessFlags.ShaderReadBit);
        vk.CmdPipelineBarrier(cmd, PipelineStageFlags.ComputeShaderBit, PipelineStageFlags.ComputeShaderBit, 0, 0, null, 0, null, 2, barriers);

        //     The inpaint pass, into the same command buffer (it executes a secondary command buffer it recorded for
        //     this frame slot's images; bindings and pipeline are undefined afterwards).
        var images = new FrameImages
        {
            Width = options.Width,
            Height = options.Height,
            Color = slot.Color.Handle,
            ColorFormat = FrameColorFormat.Rgba8Unorm,
            Mask = slot.Mask.Handle,
            MaskFormat = slot.Mask.Format,
            Output = slot.Output.Handle,
            OutputFormat = FrameColorFormat.Rgba8Unorm,
        };
        long bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        long ticks = Stopwatch.GetTimestamp();
        inpainter.Record(cmd, images);
        double recordUs = Stopwatch.GetElapsedTime(ticks).TotalMicroseconds;
        long recordBytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;

        // (c) Output: compute-shader writes -> transfer reads. Colour and mask: sampled reads done -> transfer reads.
        barriers[0] = slot.Output.Barrier(ImageLayout.General, ImageLayout.TransferSrcOptimal, AccessFlags.ShaderWriteBit, AccessFlags.TransferReadBit);
        barriers[1] = slot.Color.Barrier(ImageLayout.ShaderReadOnlyOptimal, ImageLayout.TransferSrcOptimal, 0, AccessFlags.TransferReadBit);
        barriers[2] = slot.Mask.Barrier(ImageLayout.ShaderReadOnlyOptimal, ImageLayout.TransferSrcOptimal, 0, AccessFlags.TransferReadBit);
        vk.CmdPipelineBarrier(cmd, PipelineStageFlags.ComputeShaderBit, PipelineStageFlags.TransferBit, 0, 0, null, 0, null, 3, barriers);
        slot.Output.CopyTo(cmd, slot.Readback, slot.OutputOffset);
        slot.Color.CopyTo(cmd, slot.Readback, slot.InputOffset);
        slot.Mask.CopyTo(cmd, slot.Readback, slot.MaskOffset);

        //     Copies -> the host's reads of the mapped buffer after the fence.
        var toHost = new BufferMemoryBarrier
        {
            SType = StructureType.BufferMemoryBarrier,
            SrcAccessMask = AccessFlags.TransferWriteBit,
            DstAccessMask = AccessFlags.HostReadBit,
            SrcQueueFamilyIndex = Vk.QueueFamilyIgnored,
            DstQueueFamilyIndex = Vk.QueueFamilyIgnored,
            Buffer = slot.Readback.Handle,
            Offset = 0,
            Size = Vk.WholeSize,
        };
        vk.CmdPipelineBarrier(cmd, PipelineStageFlags.TransferBit, PipelineStageFlags.HostBit, 0, 0, null, 1, &toHost, 0, null);
        vk.EndCommandBuffer(cmd).Check("vkEndCommandBuffer");
        return (recordUs, recordBytes);
    }

    private static void Submit(HostDevice host, HostFrameSlot slot)
    {
        var vk = host.Vk;
        var fence = slot.Fence;
        vk.ResetFences(host.Device, 1, &fence).Check("vkResetFences");
        var cmd = slot.Commands;
        var submit = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 1, PCommandBuffers = &cmd };
        vk.QueueSubmit(host.Queue, 1, &submit, fence).Check("vkQueueSubmit");
    }

    /// <summary>Waits for the slot's pending frame (if any), reads it back and writes its PNG.</summary>
    private static void WaitAndComplete(HostDevice host, HostFrameSlot slot, HostRendererOptions options, Action<CompletedFrame>? onFrame, FrameReport?[] reports, TextWriter log, ref byte[]? scratch)
    {
        var fence = slot.Fence;
        host.Vk.WaitForFences(host.Device, 1, &fence, true, ulong.MaxValue).Check("vkWaitForFences");
        long frame = slot.PendingFrame;
        if (frame < 0)
        {
            return;
        }

        slot.PendingFrame = -1;
        slot.CopyOut();
        string path = Path.Combine(options.OutputDirectory, $"frame_{frame:D4}.png");
        PngFrameWriter.Write(path, options.Width, options.Height, slot.OutputPixels, options.SideBySide ? slot.InputPixels : default, ref scratch);
        int holes = 0;
        foreach (byte m in slot.MaskPixels)
        {
            holes += m >= 128 ? 1 : 0;
        }

        reports[frame] = reports[frame]! with { Path = path, HoleFraction = (double)holes / slot.MaskPixels.Length };
        if (reports[frame]!.HasStats)
        {
            log.WriteLine(Describe(reports[frame]!)); // its statistics came first (see TakeStats)
        }

        onFrame?.Invoke(new CompletedFrame(frame, options.Width, options.Height, slot.InputPixels, slot.MaskPixels, slot.OutputPixels, path));
    }

    /// <summary>Folds the runtime's latest statistics into their frame's report (once per frame) and logs the frame once it is also read back.</summary>
    private static long TakeStats(FrameStats? stats, long seen, FrameReport?[] reports, TextWriter log)
    {
        if (stats is null || stats.FrameNumber <= seen || stats.FrameNumber >= reports.Length || reports[stats.FrameNumber] is not { } report)
        {
            return seen;
        }

        var withStats = report with
        {
            HasStats = true,
            ActiveTiles = stats.ActiveTiles,
            GridTiles = stats.Grid.Count,
            GpuMilliseconds = stats.GpuMilliseconds,
            StageMilliseconds = stats.StageMilliseconds.ToArray(),
            Rerecorded = stats.Rerecorded,
        };
        reports[stats.FrameNumber] = withStats;
        if (withStats.Path.Length > 0)
        {
            log.WriteLine(Describe(withStats)); // else logged once read back (WaitAndComplete)
        }

        return stats.FrameNumber;
    }

    private static FrameReport Placeholder(long frame, double recordUs, long recordBytes) => new()
    {
        Frame = frame,
        Path = string.Empty,
        HoleFraction = 0,
        RecordMicroseconds = recordUs,
        RecordAllocatedBytes = recordBytes,
    };

    /// <summary>One log line per frame.</summary>
    public static string Describe(FrameReport r)
    {
        var c = CultureInfo.InvariantCulture;
        string record = string.Create(c, $"Record {r.RecordMicroseconds:F0} us / {r.RecordAllocatedBytes} B");
        if (!r.HasStats)
        {
            return string.Create(c, $"frame {r.Frame}: holes {r.HoleFraction:P1}, {record}, statistics not seen (LatestStats keeps the latest completed frame only, and a later one had completed too) -> {r.Path}");
        }

        string stages = string.Join(", ", FrameInpainter.StageNames.Select((n, i) => string.Create(c, $"{n} {(i < r.StageMilliseconds.Count ? r.StageMilliseconds[i] : 0):F1}")));
        return string.Create(c,
            $"frame {r.Frame}: holes {r.HoleFraction:P1}, active tiles {r.ActiveTiles}/{r.GridTiles}, GPU {r.GpuMilliseconds:F1} ms ({stages}), {record}{(r.Rerecorded ? ", pass recorded" : ", pass replayed")} -> {r.Path}");
    }

    private static CommandPool CreateCommandPool(HostDevice host)
    {
        var info = new CommandPoolCreateInfo { SType = StructureType.CommandPoolCreateInfo, Flags = CommandPoolCreateFlags.ResetCommandBufferBit, QueueFamilyIndex = host.QueueFamilyIndex };
        CommandPool pool;
        host.Vk.CreateCommandPool(host.Device, &info, null, &pool).Check("vkCreateCommandPool");
        return pool;
    }
}
