using System.Numerics;
using System.Runtime.InteropServices;
using MaeRealtime.HostRenderer.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.HostRenderer.Scene;

/// <summary>
/// The host's own compute pass (Shaders/scene.comp, compiled at build time and embedded): renders the animated
/// background and the moving occluders into a colour image, and their footprint into the hole mask. It is the
/// stand-in for an engine's renderer; MaeRealtime never sees it, only the images it writes.
/// </summary>
public sealed unsafe class ScenePass : IDisposable
{
    private const int GroupSize = 8;
    private readonly HostDevice _host;
    private readonly DescriptorSetLayout _setLayout;
    private readonly PipelineLayout _layout;
    private readonly Pipeline _pipeline;
    private readonly DescriptorPool _pool;

    /// <summary>Builds the pipeline for a mask of <see cref="HostDevice.MaskFormat"/>, with room for <paramref name="maxSets"/> image pairs.</summary>
    public ScenePass(HostDevice host, int maxSets)
    {
        _host = host;
        var vk = host.Vk;
        var device = host.Device;

        var bindings = stackalloc DescriptorSetLayoutBinding[2];
        for (int i = 0; i < 2; i++)
        {
            bindings[i] = new DescriptorSetLayoutBinding((uint)i, DescriptorType.StorageImage, 1, ShaderStageFlags.ComputeBit);
        }

        var setInfo = new DescriptorSetLayoutCreateInfo { SType = StructureType.DescriptorSetLayoutCreateInfo, BindingCount = 2, PBindings = bindings };
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

        var size = new DescriptorPoolSize(DescriptorType.StorageImage, (uint)(2 * maxSets));
        var poolInfo = new DescriptorPoolCreateInfo { SType = StructureType.DescriptorPoolCreateInfo, MaxSets = (uint)maxSets, PoolSizeCount = 1, PPoolSizes = &size };
        DescriptorPool pool;
        vk.CreateDescriptorPool(device, &poolInfo, null, &pool).Check("vkCreateDescriptorPool (scene)");
        _pool = pool;
    }

    /// <summary>The colour hole pixels get (magenta: stale data, nothing a scene would render).</summary>
    public static Vector4 HoleColor { get; } = new(1f, 0f, 1f, 1f);

    /// <summary>The hole colour as RGBA8 bytes.</summary>
    public static ReadOnlySpan<byte> HoleColorBytes => [255, 0, 255, 255];

    /// <summary>A descriptor set binding <paramref name="color"/> (RGBA8) and <paramref name="mask"/> as storage images in GENERAL layout.</summary>
    public DescriptorSet CreateSet(DeviceImage color, DeviceImage mask)
    {
        var vk = _host.Vk;
        var layout = _setLayout;
        var alloc = new DescriptorSetAllocateInfo { SType = StructureType.DescriptorSetAllocateInfo, DescriptorPool = _pool, DescriptorSetCount = 1, PSetLayouts = &layout };
        DescriptorSet set;
        vk.AllocateDescriptorSets(_host.Device, &alloc, &set).Check("vkAllocateDescriptorSets (scene)");
        var images = stackalloc DescriptorImageInfo[2];
        images[0] = new DescriptorImageInfo(default, color.View, ImageLayout.General);
        images[1] = new DescriptorImageInfo(default, mask.View, ImageLayout.General);
        var writes = stackalloc WriteDescriptorSet[2];
        for (int i = 0; i < 2; i++)
        {
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

        vk.UpdateDescriptorSets(_host.Device, 2, writes, 0, null);
        return set;
    }

    /// <summary>
    /// Records the scene pass at <paramref name="time"/> seconds into <paramref name="cmd"/>. The set's images must be
    /// in GENERAL with earlier access complete before compute-shader writes; on return they hold compute-shader writes.
    /// </summary>
    public void Record(CommandBuffer cmd, DescriptorSet set, int width, int height, float time, int occluders)
    {
        var vk = _host.Vk;
        vk.CmdBindPipeline(cmd, PipelineBindPoint.Compute, _pipeline);
        vk.CmdBindDescriptorSets(cmd, PipelineBindPoint.Compute, _layout, 0, 1, &set, 0, null);
        var push = new ScenePush { Width = width, Height = height, Time = time, Occluders = (uint)occluders, HoleColor = HoleColor };
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

    /// <summary>The push constants of Shaders/scene.comp (std430 layout: 32 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ScenePush
    {
        public int Width;
        public int Height;
        public float Time;
        public uint Occluders;
        public Vector4 HoleColor;
    }
}
