using System.Runtime.InteropServices;
using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Inference;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.Native;

/// <summary>
/// The exported functions of include/maert.h. Every export catches every exception and turns it into a
/// <see cref="MaertResult"/> plus the thread's last-error message: an exception unwinding into C would abort
/// the host process. The per-frame path (<c>maert_record</c>) allocates nothing on success.
/// </summary>
public static unsafe class Exports
{
    private const int FormatR8Unorm = 9;
    private const int FormatR8G8B8A8Unorm = 37;
    private const int FormatR8G8B8A8Srgb = 43;
    private const int FormatR16G16B16A16Sfloat = 97;
    private const int LayoutGeneral = 1;
    private const int LayoutShaderReadOnlyOptimal = 5;
    private const int FormatR16G16Sfloat = 83;
    private const int FormatR32Sfloat = 100;
    private const int FormatR32G32Sfloat = 103;
    private const int FormatD32Sfloat = 126;
    private const int LayoutDepthStencilReadOnlyOptimal = 4;
    private const int LayoutDepthReadOnlyOptimal = 1000241001;

    /// <summary>UTF-8 copies of the stage names, made once and never freed (the header promises static storage).</summary>
    private static readonly nint[] _stageNames = FrameInpainter.StageNames.Select(name => Marshal.StringToCoTaskMemUTF8(name)).ToArray();

    /// <summary><c>maert_get_version</c>.</summary>
    [UnmanagedCallersOnly(EntryPoint = "maert_get_version")]
    public static uint GetVersion() => NativeVersion.Packed;

    /// <summary><c>maert_get_last_error</c>.</summary>
    [UnmanagedCallersOnly(EntryPoint = "maert_get_last_error")]
    public static byte* GetLastError() => LastError.Pointer;

    /// <summary><c>maert_get_stage_name</c>.</summary>
    [UnmanagedCallersOnly(EntryPoint = "maert_get_stage_name")]
    public static byte* GetStageName(uint index)
    {
        try
        {
            return index < (uint)_stageNames.Length && index < FrameStatsInfo.MaxStages ? (byte*)_stageNames[index] : null;
        }
        catch (Exception ex)
        {
            Fail("maert_get_stage_name", ex);
            return null;
        }
    }

    /// <summary><c>maert_get_allocated_bytes</c>.</summary>
    [UnmanagedCallersOnly(EntryPoint = "maert_get_allocated_bytes")]
    public static ulong GetAllocatedBytes() => (ulong)GC.GetAllocatedBytesForCurrentThread();

    /// <summary><c>maert_create_context</c>.</summary>
    [UnmanagedCallersOnly(EntryPoint = "maert_create_context")]
    public static MaertResult CreateContext(ContextCreateInfo* pCreateInfo, nint* pContext)
    {
        const string fn = "maert_create_context";
        try
        {
            RequireOut(pContext, "pContext");
            *pContext = 0;
            var info = StructIo.Read<ContextCreateInfo>(pCreateInfo, MaertStructureType.ContextCreateInfo, "pCreateInfo");
            if (info.PfnGetInstanceProcAddr == 0)
            {
                throw new MaertException(MaertResult.InvalidArgument, "pCreateInfo->pfnGetInstanceProcAddr is NULL: pass the host's vkGetInstanceProcAddr (the library opens no Vulkan loader of its own).");
            }

            if (info.Instance == 0 || info.PhysicalDevice == 0 || info.Device == 0)
            {
                throw new MaertException(MaertResult.InvalidArgument,
                    $"pCreateInfo->{(info.Instance == 0 ? "instance" : info.PhysicalDevice == 0 ? "physicalDevice" : "device")} is VK_NULL_HANDLE: the context adopts the host's live instance, physical device and device.");
            }

            if ((info.Flags & ~1u) != 0 || info.Reserved != 0)
            {
                throw new MaertException(MaertResult.InvalidArgument, info.Reserved != 0
                    ? $"pCreateInfo->reserved is {info.Reserved}; expected 0."
                    : $"pCreateInfo->flags has unknown bits 0x{info.Flags & ~1u:x}.");
            }

            string? cacheDirectory = info.PipelineCacheDirectory == null ? null : Marshal.PtrToStringUTF8((nint)info.PipelineCacheDirectory);
            var vk = new Vk(new HostProcAddrContext(info.PfnGetInstanceProcAddr, info.Instance, info.Device))
            {
                CurrentInstance = new Instance(info.Instance),
                CurrentDevice = new Device(info.Device),
            };
            GpuContext gpu;
            try
            {
                gpu = GpuContext.Adopt(vk, new Instance(info.Instance), new PhysicalDevice(info.PhysicalDevice), new Device(info.Device),
                    info.QueueFamilyIndex, info.QueueIndex, new GpuContextOptions { PipelineCacheDirectory = cacheDirectory, HostEnabledStorageBuffer16BitAccess = (info.Flags & 1u) != 0 });
            }
            catch (VulkanException ex) when (ex.VkResult == Result.Success)
            {
                // Adopt's own checks (API version, compute queue) raise VulkanException without a failing call.
                vk.Dispose();
                throw new MaertException(MaertResult.DeviceUnsuitable, ex.Message);
            }
            catch
            {
                vk.Dispose();
                throw;
            }

            *pContext = HandleTable.Add(new NativeContext(vk, gpu));
            return MaertResult.Success;
        }
        catch (Exception ex)
        {
            return Fail(fn, ex);
        }
    }

    /// <summary><c>maert_destroy_context</c>.</summary>
    [UnmanagedCallersOnly(EntryPoint = "maert_destroy_context")]
    public static MaertResult DestroyContext(nint context)
    {
        try
        {
            if (context == 0)
            {
                return MaertResult.Success;
            }

            var target = HandleTable.Get<NativeContext>(context, "context");
            if (target.Children > 0)
            {
                throw new MaertException(MaertResult.InvalidArgument, $"context still has {target.Children} live weights/inpainters: destroy them first (maert_destroy_inpainter, maert_destroy_weights).");
            }

            HandleTable.Remove(context);
            target.Dispose();
            return MaertResult.Success;
        }
        catch (Exception ex)
        {
            return Fail("maert_destroy_context", ex);
        }
    }

    /// <summary><c>maert_load_weights_file</c>.</summary>
    [UnmanagedCallersOnly(EntryPoint = "maert_load_weights_file")]
    public static MaertResult LoadWeightsFile(nint context, byte* pPath, nint* pWeights)
    {
        try
        {
            RequireOut(pWeights, "pWeights");
            *pWeights = 0;
            var target = HandleTable.Get<NativeContext>(context, "context");
            if (pPath == null)
            {
                throw new MaertException(MaertResult.InvalidArgument, "pPath is NULL.");
            }

            string path = Marshal.PtrToStringUTF8((nint)pPath)!;
            *pWeights = Upload(target, () => WeightFile.Load(path));
            return MaertResult.Success;
        }
        catch (Exception ex)
        {
            return Fail("maert_load_weights_file", ex);
        }
    }

    /// <summary><c>maert_load_weights_memory</c>.</summary>
    [UnmanagedCallersOnly(EntryPoint = "maert_load_weights_memory")]
    public static MaertResult LoadWeightsMemory(nint context, byte* pData, nuint size, nint* pWeights)
    {
        try
        {
            RequireOut(pWeights, "pWeights");
            *pWeights = 0;
            var target = HandleTable.Get<NativeContext>(context, "context");
            if (pData == null || size == 0)
            {
                throw new MaertException(MaertResult.InvalidArgument, pData == null ? "pData is NULL." : "size is 0: a weight file is never empty.");
            }

            if (size > int.MaxValue)
            {
                throw new MaertException(MaertResult.WeightFile, $"size {size} bytes: weight files up to 2 GiB are supported.");
            }

            byte[] bytes = new ReadOnlySpan<byte>(pData, (int)size).ToArray();
            *pWeights = Upload(target, () => WeightFile.Parse("<memory>", bytes));
            return MaertResult.Success;
        }
        catch (Exception ex)
        {
            return Fail("maert_load_weights_memory", ex);
        }
    }

    /// <summary><c>maert_get_weights_tile_size</c>.</summary>
    [UnmanagedCallersOnly(EntryPoint = "maert_get_weights_tile_size")]
    public static uint GetWeightsTileSize(nint weights)
    {
        try
        {
            return (uint)HandleTable.Get<NativeWeights>(weights, "weights").Weights.Config.ImageSize;
        }
        catch (Exception ex)
        {
            Fail("maert_get_weights_tile_size", ex);
            return 0;
        }
    }

    /// <summary><c>maert_destroy_weights</c>.</summary>
    [UnmanagedCallersOnly(EntryPoint = "maert_destroy_weights")]
    public static MaertResult DestroyWeights(nint weights)
    {
        try
        {
            if (weights == 0)
            {
                return MaertResult.Success;
            }

            var target = HandleTable.Get<NativeWeights>(weights, "weights");
            if (target.Children > 0)
            {
                throw new MaertException(MaertResult.InvalidArgument, $"weights are still used by {target.Children} live inpainter(s): destroy them first (maert_destroy_inpainter).");
            }

            HandleTable.Remove(weights);
            target.Context.Children--;
            target.Weights.Dispose();
            return MaertResult.Success;
        }
        catch (Exception ex)
        {
            return Fail("maert_destroy_weights", ex);
        }
    }

    /// <summary><c>maert_create_inpainter</c>.</summary>
    [UnmanagedCallersOnly(EntryPoint = "maert_create_inpainter")]
    public static MaertResult CreateInpainter(nint context, nint weights, InpainterCreateInfo* pCreateInfo, nint* pInpainter)
    {
        try
        {
            RequireOut(pInpainter, "pInpainter");
            *pInpainter = 0;
            var ctx = HandleTable.Get<NativeContext>(context, "context");
            var w = HandleTable.Get<NativeWeights>(weights, "weights");
            if (w.Context != ctx)
            {
                throw new MaertException(MaertResult.InvalidArgument, "weights were loaded on another context than context.");
            }

            var info = pCreateInfo == null ? default : StructIo.Read<InpainterCreateInfo>(pCreateInfo, MaertStructureType.InpainterCreateInfo, "pCreateInfo");
            FrameInpainter inpainter;
            try
            {
                inpainter = new FrameInpainter(ctx.Gpu, w.Weights, ToOptions(info));
            }
            catch (VulkanException ex) when (ex.VkResult == Result.Success)
            {
                // The runtime's own checks against the device (fp16 activations, texel views), not a failing call.
                throw new MaertException(MaertResult.DeviceUnsuitable, ex.Message);
            }

            *pInpainter = HandleTable.Add(new NativeInpainter(w, inpainter));
            w.Children++;
            ctx.Children++;
            return MaertResult.Success;
        }
        catch (Exception ex)
        {
            return Fail("maert_create_inpainter", ex);
        }
    }

    /// <summary><c>maert_record</c>: per frame, allocation-free on success.</summary>
    [UnmanagedCallersOnly(EntryPoint = "maert_record")]
    public static MaertResult Record(nint inpainter, nint commandBuffer, FrameImagesInfo* pImages)
    {
        try
        {
            var target = HandleTable.Get<NativeInpainter>(inpainter, "inpainter");
            if (commandBuffer == 0)
            {
                throw new MaertException(MaertResult.InvalidArgument, "commandBuffer is NULL: pass the host's primary command buffer in the recording state.");
            }

            var info = StructIo.Read<FrameImagesInfo>(pImages, MaertStructureType.FrameImages, "pImages");
            var frame = ToFrameImages(info, target.Inpainter.Options.Reconstruction);
            target.Inpainter.Record(new CommandBuffer(commandBuffer), frame);
            return MaertResult.Success;
        }
        catch (Exception ex)
        {
            return Fail("maert_record", ex);
        }
    }

    /// <summary><c>maert_get_latest_stats</c>.</summary>
    [UnmanagedCallersOnly(EntryPoint = "maert_get_latest_stats")]
    public static MaertResult GetLatestStats(nint inpainter, FrameStatsInfo* pStats)
    {
        try
        {
            var target = HandleTable.Get<NativeInpainter>(inpainter, "inpainter");
            if (pStats == null)
            {
                throw new MaertException(MaertResult.InvalidArgument, "pStats is NULL.");
            }

            // Validates the header before anything is read back, so a bad struct fails the same way every time.
            StructIo.Write(pStats, MaertStructureType.FrameStats, "pStats", default(FrameStatsInfo));
            if (target.Inpainter.UpdateStats() is not { } stats)
            {
                return MaertResult.NotReady;
            }

            var info = new FrameStatsInfo
            {
                FrameNumber = (ulong)stats.FrameNumber,
                Width = (uint)stats.Grid.Width,
                Height = (uint)stats.Grid.Height,
                TilesX = (uint)stats.Grid.TilesX,
                TilesY = (uint)stats.Grid.TilesY,
                ActiveTiles = (uint)stats.ActiveTiles,
                Rerecorded = stats.Rerecorded ? 1u : 0u,
                GpuMilliseconds = stats.GpuMilliseconds,
            };
            var stages = stats.StageMilliseconds;
            int count = Math.Min(stages.Length, FrameStatsInfo.MaxStages);
            info.StageCount = (uint)count;
            for (int i = 0; i < count; i++)
            {
                info.StageMilliseconds[i] = stages[i];
            }

            StructIo.Write(pStats, MaertStructureType.FrameStats, "pStats", info);
            return MaertResult.Success;
        }
        catch (Exception ex)
        {
            return Fail("maert_get_latest_stats", ex);
        }
    }

    /// <summary><c>maert_forget_image</c>.</summary>
    [UnmanagedCallersOnly(EntryPoint = "maert_forget_image")]
    public static MaertResult ForgetImage(nint inpainter, ulong image)
    {
        try
        {
            var target = HandleTable.Get<NativeInpainter>(inpainter, "inpainter");
            if (image == 0)
            {
                throw new MaertException(MaertResult.InvalidArgument, "image is VK_NULL_HANDLE.");
            }

            target.Inpainter.ForgetImage(new Image(image));
            return MaertResult.Success;
        }
        catch (Exception ex)
        {
            return Fail("maert_forget_image", ex);
        }
    }

    /// <summary><c>maert_destroy_inpainter</c>.</summary>
    [UnmanagedCallersOnly(EntryPoint = "maert_destroy_inpainter")]
    public static MaertResult DestroyInpainter(nint inpainter)
    {
        try
        {
            if (inpainter == 0)
            {
                return MaertResult.Success;
            }

            var target = HandleTable.Get<NativeInpainter>(inpainter, "inpainter");
            HandleTable.Remove(inpainter);
            target.Weights.Children--;
            target.Weights.Context.Children--;
            target.Inpainter.Dispose();
            return MaertResult.Success;
        }
        catch (Exception ex)
        {
            return Fail("maert_destroy_inpainter", ex);
        }
    }

    private static nint Upload(NativeContext context, Func<WeightFile> load)
    {
        WeightFile file;
        try
        {
            file = load();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or WeightFileException)
        {
            throw new MaertException(MaertResult.WeightFile, ex.Message);
        }

        var weights = new GpuWeights(context.Gpu, file);
        context.Children++;
        return HandleTable.Add(new NativeWeights(context, weights));
    }

    private static FrameInpainterOptions ToOptions(in InpainterCreateInfo info)
    {
        var defaults = new FrameInpainterOptions();
        if (info.KernelFamily > 2)
        {
            throw new MaertException(MaertResult.InvalidArgument, $"pCreateInfo->kernelFamily is {info.KernelFamily}; expected MAERT_KERNEL_FAMILY_AUTO (0), _TILED (1) or _CPU (2).");
        }

        if ((info.Flags & ~15u) != 0)
        {
            throw new MaertException(MaertResult.InvalidArgument, $"pCreateInfo->flags has unknown bits 0x{info.Flags & ~15u:x}.");
        }

        if ((info.Flags & 12u) == 12u)
        {
            throw new MaertException(MaertResult.InvalidArgument, "pCreateInfo->flags has both MAERT_INPAINTER_CREATE_FLOAT32_ACTIVATIONS_BIT and _FLOAT16_ACTIVATIONS_BIT; set at most one.");
        }

        if (float.IsNaN(info.DepthTolerance))
        {
            throw new MaertException(MaertResult.InvalidArgument, "pCreateInfo->depthTolerance is NaN; expected 0 (default) or 0.01..4.");
        }

        return new FrameInpainterOptions
        {
            MaxWidth = info.MaxWidth == 0 ? defaults.MaxWidth : ToInt(info.MaxWidth, "maxWidth"),
            MaxHeight = info.MaxHeight == 0 ? defaults.MaxHeight : ToInt(info.MaxHeight, "maxHeight"),
            TileOverlap = info.TileOverlap switch
            {
                0 => null,
                uint.MaxValue => 0,
                _ => ToInt(info.TileOverlap, "tileOverlap"),
            },
            ContextRadius = info.ContextRadius switch
            {
                0 => null,
                uint.MaxValue => 0,
                _ => ToInt(info.ContextRadius, "contextRadius"),
            },
            FeatherRadius = ToInt(info.FeatherRadius, "featherRadius"),
            FramesInFlight = info.FramesInFlight == 0 ? defaults.FramesInFlight : ToInt(info.FramesInFlight, "framesInFlight"),
            TilesPerPass = info.TilesPerPass == 0 ? defaults.TilesPerPass : ToInt(info.TilesPerPass, "tilesPerPass"),
            Reconstruction = (info.Flags & 1u) != 0,
            History = (info.Flags & 2u) != 0,
            Activations = (info.Flags & 12u) switch
            {
                4u => ActivationPrecision.Float32,
                8u => ActivationPrecision.Float16,
                _ => ActivationPrecision.Auto,
            },
            HistoryFrames = info.HistoryFrames == 0 ? defaults.HistoryFrames : ToInt(info.HistoryFrames, "historyFrames"),
            DepthTolerance = info.DepthTolerance == 0 ? defaults.DepthTolerance : info.DepthTolerance,
            Kernels = info.KernelFamily switch
            {
                1 => KernelFamily.Tiled,
                2 => KernelFamily.Cpu,
                _ => null,
            },
        };
    }

    private static int ToInt(uint value, string field) =>
        value <= int.MaxValue ? (int)value : throw new MaertException(MaertResult.InvalidArgument, $"pCreateInfo->{field} is {value}: out of range.");

    private static FrameImages ToFrameImages(in FrameImagesInfo info, bool reconstructionAllowed)
    {
        if (info.Color == 0 || info.Mask == 0 || info.Output == 0)
        {
            throw new MaertException(MaertResult.InvalidArgument,
                $"pImages->{(info.Color == 0 ? "color" : info.Mask == 0 ? "mask" : "output")} is VK_NULL_HANDLE: color, mask and output are required.");
        }

        var color = ColorFormat(info.ColorFormat, "colorFormat");
        var output = ColorFormat(info.OutputFormat, "outputFormat");
        if (info.MaskFormat is not (0 or FormatR8Unorm or FormatR8G8B8A8Unorm))
        {
            throw new MaertException(MaertResult.UnsupportedFormat, $"pImages->maskFormat is VkFormat {info.MaskFormat}; expected VK_FORMAT_R8_UNORM (9) or VK_FORMAT_R8G8B8A8_UNORM (37).");
        }

        if ((color == FrameColorFormat.Rgba16Float) != (output == FrameColorFormat.Rgba16Float))
        {
            throw new MaertException(MaertResult.UnsupportedFormat,
                $"pImages->colorFormat {info.ColorFormat} with outputFormat {info.OutputFormat}: both must be 8-bit (37/43) or both VK_FORMAT_R16G16B16A16_SFLOAT (97), so known pixels are copied exactly.");
        }

        RequireLayout(info.ColorLayout, LayoutShaderReadOnlyOptimal, "colorLayout", "VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL (5)");
        RequireLayout(info.MaskLayout, LayoutShaderReadOnlyOptimal, "maskLayout", "VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL (5)");
        RequireLayout(info.OutputLayout, LayoutGeneral, "outputLayout", "VK_IMAGE_LAYOUT_GENERAL (1)");
        if (info.Reconstruction != 0)
        {
            if (!reconstructionAllowed)
            {
                throw new MaertException(MaertResult.InvalidArgument, "pImages->reconstruction is set but the inpainter was created without MAERT_INPAINTER_CREATE_RECONSTRUCTION_BIT.");
            }

            RequireLayout(info.ReconstructionLayout, LayoutGeneral, "reconstructionLayout", "VK_IMAGE_LAYOUT_GENERAL (1)");
        }

        if (info.Depth != 0 && info.DepthFormat is not (0 or FormatD32Sfloat or FormatR32Sfloat))
        {
            throw new MaertException(MaertResult.UnsupportedFormat, $"pImages->depthFormat is VkFormat {info.DepthFormat}; expected VK_FORMAT_D32_SFLOAT (126) or VK_FORMAT_R32_SFLOAT (100).");
        }

        if (info.Depth != 0 && info.DepthLayout is not (0 or LayoutShaderReadOnlyOptimal or LayoutGeneral or LayoutDepthStencilReadOnlyOptimal or LayoutDepthReadOnlyOptimal))
        {
            throw new MaertException(MaertResult.UnsupportedFormat,
                $"pImages->depthLayout is VkImageLayout {info.DepthLayout}; expected SHADER_READ_ONLY_OPTIMAL (5), DEPTH_STENCIL_READ_ONLY_OPTIMAL (4), DEPTH_READ_ONLY_OPTIMAL (1000241001) or GENERAL (1).");
        }

        if (info.Motion != 0 && info.MotionFormat is not (0 or FormatR16G16Sfloat or FormatR32G32Sfloat))
        {
            throw new MaertException(MaertResult.UnsupportedFormat, $"pImages->motionFormat is VkFormat {info.MotionFormat}; expected VK_FORMAT_R16G16_SFLOAT (83) or VK_FORMAT_R32G32_SFLOAT (103).");
        }

        if ((info.Flags & ~0xFu) != 0)
        {
            throw new MaertException(MaertResult.InvalidArgument, $"pImages->flags has unknown bits 0x{info.Flags & ~0xFu:x} (expected maert_frame_flag_bits).");
        }

        if (info.Width > int.MaxValue || info.Height > int.MaxValue)
        {
            throw new MaertException(MaertResult.InvalidArgument, $"pImages size {info.Width}x{info.Height}: out of range.");
        }

        return new FrameImages
        {
            Width = (int)info.Width,
            Height = (int)info.Height,
            Color = new Image(info.Color),
            ColorFormat = color,
            Mask = new Image(info.Mask),
            MaskFormat = (Format)info.MaskFormat,
            Output = new Image(info.Output),
            OutputFormat = output,
            Reconstruction = new Image(info.Reconstruction),
            Depth = new Image(info.Depth),
            DepthFormat = (Format)info.DepthFormat,
            DepthLayout = (ImageLayout)info.DepthLayout,
            Motion = new Image(info.Motion),
            MotionFormat = (Format)info.MotionFormat,
            Flags = (FrameFlags)info.Flags,
        };
    }

    private static FrameColorFormat ColorFormat(int format, string field) => format switch
    {
        FormatR8G8B8A8Unorm => FrameColorFormat.Rgba8Unorm,
        FormatR8G8B8A8Srgb => FrameColorFormat.Rgba8Srgb,
        FormatR16G16B16A16Sfloat => FrameColorFormat.Rgba16Float,
        _ => throw new MaertException(MaertResult.UnsupportedFormat,
            $"pImages->{field} is VkFormat {format}; expected VK_FORMAT_R8G8B8A8_UNORM (37), VK_FORMAT_R8G8B8A8_SRGB (43) or VK_FORMAT_R16G16B16A16_SFLOAT (97)."),
    };

    private static void RequireLayout(int layout, int expected, string field, string expectedName)
    {
        if (layout != expected)
        {
            throw new MaertException(MaertResult.UnsupportedFormat, $"pImages->{field} is VkImageLayout {layout}; the pass expects {expectedName} on entry (docs/INTEGRATION.md, section 5).");
        }
    }

    private static void RequireOut(void* pointer, string name)
    {
        if (pointer == null)
        {
            throw new MaertException(MaertResult.InvalidArgument, $"{name} is NULL.");
        }
    }

    /// <summary>Maps an exception to its result code and stores its message for <c>maert_get_last_error</c>.</summary>
    private static MaertResult Fail(string function, Exception ex)
    {
        var result = ex switch
        {
            MaertException m => m.Result,
            WeightFileException => MaertResult.WeightFile,
            NoVulkanDeviceException => MaertResult.DeviceUnsuitable,
            VulkanException => MaertResult.Vulkan,
            OutOfMemoryException => MaertResult.OutOfMemory,
            ArgumentException => MaertResult.InvalidArgument,
            _ => MaertResult.Internal,
        };
        try
        {
            LastError.Set(result == MaertResult.Internal ? $"{function}: {ex.GetType().Name}: {ex.Message}" : $"{function}: {ex.Message}");
        }
        catch (Exception)
        {
            // Out of memory while formatting the message: the result code still tells the caller what happened.
        }

        return result;
    }
}
