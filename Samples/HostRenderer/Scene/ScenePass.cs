using System.Numerics;
using System.Runtime.InteropServices;
using MaeRealtime.HostRenderer.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.HostRenderer.Scene;

/// <summary>
/// The host's own compute pass (Shaders/scene.comp, compiled at build time and embedded): renders a panning
/// background plane and moving, spinning occluders nearer the camera, as an engine's renderer and a frame
/// generator's reprojection would leave them: the full render (the truth), reversed-Z depth (R32_SFLOAT), motion
/// vectors in pixels (R16G16_SFLOAT, to the previous frame), the disocclusion holes (background revealed since an
/// occluder moved off it) in the hole mask, and the colour image with stale data in those holes. It is the
/// stand-in for an engine's renderer; MaeRealtime never sees it, only the images it writes.
/// </summary>
public sealed unsafe class ScenePass : IDisposable
{
    /// <summary>Storage images the pass writes: colour, mask, truth, depth, motion.</summary>
    public const int Bindings = 5;

    /// <summary>The near plane of the scene's perspective (depth = near / distance, reversed-Z with an infinitely far plane).</summary>
    public const float Near = 0.1f;

    /// <summary>The distance of the background plane; occluder i is at 2 + 0.75 i.</summary>
    public const float BackgroundDistance = 20f;

    /// <summary>The device depth of the background (reversed-Z: nearer is larger).</summary>
    public const float BackgroundDepth = Near / BackgroundDistance;

    private const int GroupSize = 8;
    private readonly HostDevice _host;
    private readonly DescriptorSetLayout _setLayout;
    private readonly PipelineLayout _layout;
    private readonly Pipeline _pipeline;
    private readonly DescriptorPool _pool;

    /// <summary>
    /// Builds the pipeline for a mask of <see cref="HostDevice.MaskFormat"/> (an R8 mask comes with an R16G16_SFLOAT
    /// motion image; the RGBA8 fallback writes no motion), with room for <paramref name="maxSets"/> image sets.
    /// </summary>
    public ScenePass(HostDevice host, int maxSets)
    {
        _host = host;
        var vk = host.Vk;
        var device = host.Device;

        WritesMotion = host.MaskFormat == Format.R8Unorm;
        var bindings = stackalloc DescriptorSetLayoutBinding[Bindings];
        for (int i = 0; i < Bindings; i++)
        {
            bindings[i] = new DescriptorSetLayoutBinding((uint)i, DescriptorType.StorageImage, 1, ShaderStageFlags.ComputeBit);
        }

        var setInfo = new DescriptorSetLayoutCreateInfo { SType = StructureType.DescriptorSetLayoutCreateInfo, BindingCount = Bindings, PBindings = bindings };
        DescriptorSetLayout setLayout;
        vk.CreateDescriptorSetLayout(device, &setInfo, null, &setLayout).Check("vkCreateDescriptorSetLayout (scene)");
        _setLayout = setLayout;

        var range = new PushConstantRange(ShaderStageFlags.ComputeBit, 0, (uint)sizeof(ScenePush));
        var layoutInfo = new PipelineLayoutCreateInfo
        {
            SType = StructureType.PipelineLayoutCreateInfo,
            SetLayoutCount = 1,
            PSetLayouts = &setLayout,
            PushConstantRangeCount = 1,
            PPushConstantRanges = &range,
        };
        PipelineLayout layout;
        vk.CreatePipelineLayout(device, &layoutInfo, null, &layout).Check("vkCreatePipelineLayout (scene)");
        _layout = layout;

        byte[] spirv = LoadSpirv(host.MaskFormat == Format.R8Unorm ? "scene_r8" : "scene_rgba8");
        ShaderModule module;
        fixed (byte* code = spirv)
        {
            var moduleInfo = new ShaderModuleCreateInfo { SType = StructureType.ShaderModuleCreateInfo, CodeSize = (nuint)spirv.Length, PCode = (uint*)code };
            vk.CreateShaderModule(device, &moduleInfo, null, &module).Check("vkCreateShaderModule (scene)");
        }

        var entry = (byte*)Marshal.StringToHGlobalAnsi("main");
        try
        {
            var pipelineInfo = new ComputePipelineCreateInfo
            {
                SType = StructureType.ComputePipelineCreateInfo,
                Stage = new PipelineShaderStageCreateInfo
                {
                    SType = StructureType.PipelineShaderStageCreateInfo,
                    Stage = ShaderStageFlags.ComputeBit,
                    Module = module,
                    PName = entry,
                },
                Layout = layout,
            };
            Pipeline pipeline;
            vk.CreateComputePipelines(device, default, 1, &pipelineInfo, null, &pipeline).Check("vkCreateComputePipelines (scene)");
            _pipeline = pipeline;
        }
        finally
        {
            Marshal.FreeHGlobal((nint)entry);
            vk.DestroyShaderModule(device, module, null);
        }

        var size = new DescriptorPoolSize(DescriptorType.StorageImage, (uint)(Bindings * maxSets));
        var poolInfo = new DescriptorPoolCreateInfo { SType = StructureType.DescriptorPoolCreateInfo, MaxSets = (uint)maxSets, PoolSizeCount = 1, PPoolSizes = &size };
        DescriptorPool pool;
        vk.CreateDescriptorPool(device, &poolInfo, null, &pool).Check("vkCreateDescriptorPool (scene)");
        _pool = pool;
    }

    /// <summary>Whether the pass writes motion vectors (R16G16_SFLOAT storage images need shaderStorageImageExtendedFormats).</summary>
    public bool WritesMotion { get; }

    /// <summary>The colour hole pixels get with <see cref="StaleFill.HoleColor"/> (magenta: nothing a scene would render).</summary>
    public static Vector4 HoleColor { get; } = new(1f, 0f, 1f, 1f);

    /// <summary>The hole colour as RGBA8 bytes.</summary>
    public static ReadOnlySpan<byte> HoleColorBytes => [255, 0, 255, 255];

    /// <summary>
    /// A descriptor set binding the frame's images as storage images in GENERAL layout: <paramref name="color"/>,
    /// <paramref name="truth"/> (RGBA8), <paramref name="mask"/>, <paramref name="depth"/> (R32_SFLOAT) and
    /// <paramref name="motion"/> (R16G16_SFLOAT; null when <see cref="WritesMotion"/> is false).
    /// </summary>
    public DescriptorSet CreateSet(DeviceImage color, DeviceImage mask, DeviceImage truth, DeviceImage depth, DeviceImage? motion)
    {
        var vk = _host.Vk;
        var layout = _setLayout;
        var alloc = new DescriptorSetAllocateInfo { SType = StructureType.DescriptorSetAllocateInfo, DescriptorPool = _pool, DescriptorSetCount = 1, PSetLayouts = &layout };
        DescriptorSet set;
        vk.AllocateDescriptorSets(_host.Device, &alloc, &set).Check("vkAllocateDescriptorSets (scene)");
        var views = new[] { color.View, mask.View, truth.View, depth.View, motion?.View ?? default };
        int count = WritesMotion && motion is not null ? Bindings : Bindings - 1;
        var images = stackalloc DescriptorImageInfo[Bindings];
        var writes = stackalloc WriteDescriptorSet[Bindings];
        for (int i = 0; i < count; i++)
        {
            images[i] = new DescriptorImageInfo(default, views[i], ImageLayout.General);
            writes[i] = new WriteDescriptorSet
            {
                SType = StructureType.WriteDescriptorSet,
                DstSet = set,
                DstBinding = (uint)i,
                DescriptorCount = 1,
                DescriptorType = DescriptorType.StorageImage,
                PImageInfo = &images[i],
            };
        }

        vk.UpdateDescriptorSets(_host.Device, (uint)count, writes, 0, null);
        return set;
    }

    /// <summary>
    /// Records the scene pass of frame <paramref name="frame"/> into <paramref name="cmd"/>. The set's images must be
    /// in GENERAL with earlier access complete before compute-shader writes; on return they hold compute-shader writes.
    /// </summary>
    public void Record(CommandBuffer cmd, DescriptorSet set, int width, int height, SceneSettings settings, long frame)
    {
        var vk = _host.Vk;
        vk.CmdBindPipeline(cmd, PipelineBindPoint.Compute, _pipeline);
        vk.CmdBindDescriptorSets(cmd, PipelineBindPoint.Compute, _layout, 0, 1, &set, 0, null);
        var push = new ScenePush
        {
            Width = width,
            Height = height,
            Pan = settings.Pan,
            Frame = frame,
            Fps = (float)settings.FramesPerSecond,
            Occluders = (uint)settings.Occluders,
            Reveal = (uint)settings.RevealFrames,
            HoleColor = HoleColor,
            Stale = settings.Stale == StaleFill.Ghost ? 0u : 1u,
        };
        vk.CmdPushConstants(cmd, _layout, ShaderStageFlags.ComputeBit, 0, (uint)sizeof(ScenePush), &push);
        vk.CmdDispatch(cmd, (uint)((width + GroupSize - 1) / GroupSize), (uint)((height + GroupSize - 1) / GroupSize), 1);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        var vk = _host.Vk;
        vk.DestroyDescriptorPool(_host.Device, _pool, null);
        vk.DestroyPipeline(_host.Device, _pipeline, null);
        vk.DestroyPipelineLayout(_host.Device, _layout, null);
        vk.DestroyDescriptorSetLayout(_host.Device, _setLayout, null);
    }

    private static byte[] LoadSpirv(string name)
    {
        using var stream = typeof(ScenePass).Assembly.GetManifestResourceStream($"HostRenderer/{name}.spv")
            ?? throw new HostVulkanException($"Embedded shader HostRenderer/{name}.spv is missing (was glslc run by the build?).");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>The push constants of Shaders/scene.comp (std430 layout: 64 bytes).</summary>
    [StructLayout(LayoutKind.Sequential, Size = 64)]
    private struct ScenePush
    {
        public int Width;
        public int Height;
        public Vector2 Pan;
        public float Frame;
        public float Fps;
        public uint Occluders;
        public uint Reveal;
        public Vector4 HoleColor;
        public uint Stale;
    }
}

/// <summary>What hole pixels of the colour image hold: the stale data the fill replaces.</summary>
public enum StaleFill
{
    /// <summary>The occluder that hid the pixel, as a reprojection smears it (the default).</summary>
    Ghost,

    /// <summary><see cref="ScenePass.HoleColor"/> (magenta).</summary>
    HoleColor,
}

/// <summary>The scene's animation: occluders, camera pan, time step, how long a revealed pixel stays a hole, stale data.</summary>
public readonly record struct SceneSettings(int Occluders, Vector2 Pan, double FramesPerSecond, int RevealFrames, StaleFill Stale);
