using System.Diagnostics;
using System.Globalization;
using MaeRealtime.HostRenderer.Output;
using MaeRealtime.HostRenderer.Scene;
using MaeRealtime.HostRenderer.Vulkan;
using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Metrics;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.HostRenderer;

/// <summary>
/// The host renderer: owns its Vulkan device, lends it to MaeRealtime with <see cref="GpuContext.Adopt"/>, and per
/// frame records into ONE primary command buffer: its scene pass (colour with disocclusion holes, hole mask,
/// depth, motion vectors, ground truth), the barriers into the layouts <see cref="FrameImages"/> asks for,
/// <see cref="FrameInpainter.Record"/>, and the readback copies.
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
    /// <see cref="HostRendererOptions.OutputDirectory"/> (and as a sequence folder under
    /// <see cref="HostRendererOptions.SequenceDirectory"/>). Progress goes to <paramref name="log"/>;
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
        var run = new RunState(options);

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
                new GpuContextOptions
                {
                    PipelineCacheDirectory = options.PipelineCacheDirectory,
                    ApplicationName = "MaeRealtime.HostRenderer",
                    HostEnabledStorageBuffer16BitAccess = host.StorageBuffer16BitAccess,
                });
            weights = new GpuWeights(context, weightFile);
            // 3. Everything the pass needs is allocated here, sized for the largest frame and the frames in flight.
            inpainter = new FrameInpainter(context, weights, new FrameInpainterOptions { MaxWidth = width, MaxHeight = height, FramesInFlight = FramesInFlight, History = options.History });
            var grid = inpainter.GridFor(width, height);
            log.WriteLine($"model: {Path.GetFileName(modelPath)} ({weights.Config.ImageSize}px tiles, {inpainter.KernelFamily} kernels, {(inpainter.HalfActivations ? "fp16" : "fp32")} activations); frame {width}x{height}: {grid.Count} tiles, overlap {inpainter.Overlap}px");

            scene = new ScenePass(host, FramesInFlight);
            bool depthBuffer = options.Depth && options.DepthFormat == Format.D32Sfloat && host.DepthBufferSupported;
            if (options.Depth && options.DepthFormat == Format.D32Sfloat && !host.DepthBufferSupported)
            {
                log.WriteLine("depth: this device cannot sample a D32_SFLOAT depth attachment; the runtime reads the R32_SFLOAT depth instead");
            }

            run.Motion = options.Motion && scene.WritesMotion;
            if (options.Motion && !scene.WritesMotion)
            {
                log.WriteLine("motion: off (this device cannot write R16G16_SFLOAT storage images: no shaderStorageImageExtendedFormats)");
            }

            log.WriteLine($"inputs: depth {(!options.Depth ? "none" : depthBuffer ? "D32_SFLOAT reversed-Z" : "R32_SFLOAT reversed-Z")}, motion {(run.Motion ? "R16G16_SFLOAT" : "none")}, history {(options.History ? "on" : "off")}; pan {options.Pan.X},{options.Pan.Y} px/frame, holes revealed in the last {options.RevealFrames} frame(s)");
            if (options.SequenceDirectory is { } sequenceDir)
            {
                run.Sequence = SequenceWriter.Create(sequenceDir, width, height, options.Depth ? "reversed" : "none", run.Motion ? "to-previous" : "none",
                    string.Create(CultureInfo.InvariantCulture, $"MaeRealtime.HostRenderer: {options.Occluders} occluders, pan {options.Pan.X},{options.Pan.Y} px/frame, {options.FramesPerSecond} fps, holes revealed in the last {options.RevealFrames} frame(s), stale {options.Stale}"));
            }

            pool = CreateCommandPool(host);
            for (int i = 0; i < FramesInFlight; i++)
            {
                slots.Add(new HostFrameSlot(host, pool, scene, width, height, i, depthBuffer));
            }

            byte[]? scratch = null;
            long statsSeen = -1;
            for (long frame = 0; frame < options.Frames; frame++)
            {
                var slot = slots[(int)(frame % FramesInFlight)];
                // The frame submitted FramesInFlight frames ago used this slot: wait for it, then read it back.
                WaitAndComplete(host, slot, options, run, onFrame, reports, log, ref scratch);

                var (recordUs, recordBytes) = RecordFrame(host, scene, inpainter, slot, options, run, frame);
                Submit(host, slot);
                slot.PendingFrame = frame;
                reports[frame] = Placeholder(frame, recordUs, recordBytes);

                // Record refreshed LatestStats from the frame whose slot it reused (frame - FramesInFlight).
                statsSeen = TakeStats(inpainter.LatestStats, statsSeen, reports, log);
            }

            // Drain: read back the frames still in flight, oldest first.
            foreach (var slot in slots.Where(s => s.PendingFrame >= 0).OrderBy(s => s.PendingFrame).ToList())
            {
                WaitAndComplete(host, slot, options, run, onFrame, reports, log, ref scratch);
                statsSeen = TakeStats(inpainter.UpdateStats(), statsSeen, reports, log);
            }

            foreach (var report in reports.Where(r => r is not null && !r.HasStats))
            {
                log.WriteLine(Describe(report!));
            }

            run.Sequence?.Finish(options.Frames);
            if (run.Sequence is not null)
            {
                log.WriteLine($"sequence: {options.Frames} frames written to {Path.GetFullPath(options.SequenceDirectory!)}");
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
                inpainter?.ForgetImage(slot.Depth.Handle);
                if (slot.DepthBuffer is not null)
                {
                    inpainter?.ForgetImage(slot.DepthBuffer.Handle);
                }

                if (slot.Motion is not null)
                {
                    inpainter?.ForgetImage(slot.Motion.Handle);
                }

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
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"quality: hole PSNR {run.HolePsnr:F2} dB over {run.HolePixels} hole pixels; flicker {run.Flicker.Flicker:F2} levels (fill change {run.Flicker.FillChange:F2}, truth change {run.Flicker.TruthChange:F2}) over {run.Flicker.Pixels} pixels in {run.Flicker.Pairs} frame pairs"));
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
            HolePsnr = run.HolePsnr,
            HolePixels = run.HolePixels,
            Flicker = run.Flicker.Flicker,
            FlickerPixels = run.Flicker.Pixels,
        };
    }

    /// <summary>
    /// Records frame <paramref name="frame"/> into the slot's primary command buffer: scene pass, inpaint pass,
    /// readback. Returns the CPU time and managed bytes of <see cref="FrameInpainter.Record"/> alone.
    /// </summary>
    private static (double Microseconds, long Bytes) RecordFrame(HostDevice host, ScenePass scene, FrameInpainter inpainter, HostFrameSlot slot, HostRendererOptions options, RunState run, long frame)
    {
        var vk = host.Vk;
        var cmd = slot.Commands;
        vk.ResetCommandBuffer(cmd, 0).Check("vkResetCommandBuffer");
        var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
        vk.BeginCommandBuffer(cmd, &begin).Check("vkBeginCommandBuffer");
        var barriers = stackalloc ImageMemoryBarrier[6];
        // The scene's images: those the inpaint pass reads (colour, mask, depth, motion), then those it does not (the
        // truth; the R32 depth when a D32 depth buffer is read instead).
        var read = new List<DeviceImage> { slot.Color, slot.Mask };
        if (slot.DepthBuffer is null)
        {
            read.Add(slot.Depth);
        }

        if (slot.Motion is not null)
        {
            read.Add(slot.Motion);
        }

        var written = slot.DepthBuffer is null ? new[] { slot.Truth } : new[] { slot.Truth, slot.Depth };

        // (a) Every image to GENERAL for compute-shader writes, old contents discarded. Their last use (this
        //     slot's previous frame) was the readback copy: a transfer-stage read, hence the source stage.
        int n = 0;
        foreach (var image in read.Concat(written).Append(slot.Output))
        {
            barriers[n++] = image.Barrier(ImageLayout.Undefined, ImageLayout.General, 0, AccessFlags.ShaderWriteBit);
        }

        vk.CmdPipelineBarrier(cmd, PipelineStageFlags.TransferBit, PipelineStageFlags.ComputeShaderBit, 0, 0, null, 0, null, (uint)n, barriers);

        //     The host's scene pass writes colour (stale data in the holes), the hole mask, the truth, depth and motion.
        scene.Record(cmd, slot.SceneSet, options.Width, options.Height, options.Scene, frame);

        // (b) Colour, mask, depth and motion: scene writes -> the inpaint pass's sampled reads, in
        //     SHADER_READ_ONLY_OPTIMAL. The output stays in GENERAL; its earlier access (none this frame) is complete.
        n = 0;
        foreach (var image in read)
        {
            barriers[n++] = image.Barrier(ImageLayout.General, ImageLayout.ShaderReadOnlyOptimal, AccessFlags.ShaderWriteBit, AccessFlags.ShaderReadBit);
        }

        vk.CmdPipelineBarrier(cmd, PipelineStageFlags.ComputeShaderBit, PipelineStageFlags.ComputeShaderBit, 0, 0, null, 0, null, (uint)n, barriers);
        if (slot.DepthBuffer is { } depthBuffer)
        {
            //  An engine's depth buffer: the scene's R32 depth (scene writes -> transfer reads) copied into D32, which
            //  ends in DEPTH_STENCIL_READ_ONLY_OPTIMAL with its transfer writes visible to compute-shader reads.
            barriers[0] = slot.Depth.Barrier(ImageLayout.General, ImageLayout.TransferSrcOptimal, AccessFlags.ShaderWriteBit, AccessFlags.TransferReadBit);
            vk.CmdPipelineBarrier(cmd, PipelineStageFlags.ComputeShaderBit, PipelineStageFlags.TransferBit, 0, 0, null, 0, null, 1, barriers);
            depthBuffer.RecordCopyFrom(cmd, slot.Depth);
        }

        //     The inpaint pass, into the same command buffer (it executes a secondary command buffer it recorded for
        //     this frame slot's images; bindings and pipeline are undefined afterwards). Depth is reversed-Z device
        //     depth; motion points to the previous frame (the default); the first frame is a camera cut.
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
            Depth = !options.Depth ? default : slot.DepthBuffer?.Handle ?? slot.Depth.Handle,
            DepthFormat = slot.DepthBuffer is null ? Format.R32Sfloat : Format.D32Sfloat,
            DepthLayout = slot.DepthBuffer is null ? ImageLayout.ShaderReadOnlyOptimal : DepthBuffer.ReadLayout,
            Motion = run.Motion ? slot.Motion!.Handle : default,
            MotionFormat = Format.R16G16Sfloat,
            Flags = FlagsFor(frame),
        };
        long bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        long ticks = Stopwatch.GetTimestamp();
        inpainter.Record(cmd, images);
        double recordUs = Stopwatch.GetElapsedTime(ticks).TotalMicroseconds;
        long recordBytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;

        // (c) Output: compute-shader writes -> transfer reads. Truth: scene writes -> transfer reads. Colour, mask,
        //     depth, motion: sampled reads done -> transfer reads.
        n = 0;
        barriers[n++] = slot.Output.Barrier(ImageLayout.General, ImageLayout.TransferSrcOptimal, AccessFlags.ShaderWriteBit, AccessFlags.TransferReadBit);
        barriers[n++] = slot.Truth.Barrier(ImageLayout.General, ImageLayout.TransferSrcOptimal, AccessFlags.ShaderWriteBit, AccessFlags.TransferReadBit);
        //     (The R32 depth behind a D32 depth buffer is in TRANSFER_SRC_OPTIMAL already, its writes visible to transfers.)
        foreach (var image in read)
        {
            barriers[n++] = image.Barrier(ImageLayout.ShaderReadOnlyOptimal, ImageLayout.TransferSrcOptimal, 0, AccessFlags.TransferReadBit);
        }

        vk.CmdPipelineBarrier(cmd, PipelineStageFlags.ComputeShaderBit, PipelineStageFlags.TransferBit, 0, 0, null, 0, null, (uint)n, barriers);
        slot.Output.CopyTo(cmd, slot.Readback, slot.OutputOffset);
        slot.Color.CopyTo(cmd, slot.Readback, slot.InputOffset);
        slot.Truth.CopyTo(cmd, slot.Readback, slot.TruthOffset);
        slot.Depth.CopyTo(cmd, slot.Readback, slot.DepthOffset);
        slot.Motion?.CopyTo(cmd, slot.Readback, slot.MotionOffset);
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

    /// <summary>The flags of frame <paramref name="frame"/>: reversed-Z depth always, a camera cut on the first frame.</summary>
    public static FrameFlags FlagsFor(long frame) => FrameFlags.ReversedDepth | (frame == 0 ? FrameFlags.CameraCut : FrameFlags.None);

    private static void Submit(HostDevice host, HostFrameSlot slot)
    {
        var vk = host.Vk;
        var fence = slot.Fence;
        vk.ResetFences(host.Device, 1, &fence).Check("vkResetFences");
        var cmd = slot.Commands;
        var submit = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 1, PCommandBuffers = &cmd };
        vk.QueueSubmit(host.Queue, 1, &submit, fence).Check("vkQueueSubmit");
    }

    /// <summary>Waits for the slot's pending frame (if any), reads it back, measures it and writes its PNG (and sequence files).</summary>
    private static void WaitAndComplete(HostDevice host, HostFrameSlot slot, HostRendererOptions options, RunState run, Action<CompletedFrame>? onFrame, FrameReport?[] reports, TextWriter log, ref byte[]? scratch)
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
        var motion = run.Motion ? slot.MotionValues : null;
        run.Sequence?.WriteFrame(frame, slot.InputPixels, slot.MaskPixels, slot.TruthPixels, options.Depth ? slot.DepthValues : null, motion);
        int holes = run.Measure(slot.OutputPixels, slot.MaskPixels, slot.TruthPixels, slot.Motion is null ? null : slot.MotionValues, frame);

        reports[frame] = reports[frame]! with { Path = path, HoleFraction = (double)holes / slot.MaskPixels.Length };
        if (reports[frame]!.HasStats)
        {
            log.WriteLine(Describe(reports[frame]!)); // its statistics came first (see TakeStats)
        }

        onFrame?.Invoke(new CompletedFrame(frame, options.Width, options.Height, slot.InputPixels, slot.MaskPixels, slot.OutputPixels, path)
        {
            Truth = slot.TruthPixels,
            Depth = slot.DepthValues,
            Motion = slot.MotionValues,
            Flags = FlagsFor(frame),
        });
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

    /// <summary>What one run keeps across frames: the sequence writer and the quality measures of the filled holes.</summary>
    private sealed class RunState(HostRendererOptions options)
    {
        private double _squaredError;

        public bool Motion { get; set; }

        public SequenceWriter? Sequence { get; set; }

        /// <summary>The flicker of the filled holes over the run (frames arrive in order: slots complete oldest first).</summary>
        public FlickerMeter Flicker { get; } = new(options.Width, options.Height);

        public long HolePixels { get; private set; }

        /// <summary>PSNR of the filled hole pixels against the truth over the whole run (infinity when exact, NaN without holes).</summary>
        public double HolePsnr => HolePixels == 0 ? double.NaN : 10 * Math.Log10(255.0 * 255.0 / (_squaredError / (3.0 * HolePixels)));

        /// <summary>Adds a frame's fill to the measures; returns its hole count.</summary>
        public int Measure(byte[] output, byte[] mask, byte[] truth, float[]? motion, long frame)
        {
            int holes = 0;
            for (int i = 0; i < mask.Length; i++)
            {
                if (mask[i] < 128)
                {
                    continue;
                }

                holes++;
                for (int c = 0; c < 3; c++)
                {
                    double d = output[(i * 4) + c] - truth[(i * 4) + c];
                    _squaredError += d * d;
                }
            }

            HolePixels += holes;
            if (frame == 0)
            {
                Flicker.Reset();
            }

            // The scene's motion is exact whether or not the runtime got it: the flicker is measured along it.
            Flicker.Add(output, mask, truth, motion);
            return holes;
        }
    }
}
