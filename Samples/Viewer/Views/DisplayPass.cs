using MaeRealtime.Viewer.Presentation;
using MaeRealtime.Viewer.Rendering;
using Silk.NET.Vulkan;

namespace MaeRealtime.Viewer.Views;

/// <summary>
/// The viewer's compute pipeline that draws the window image (Shaders/display.comp): the selected view of the
/// frame images plus brush, tile grid and text. One descriptor set per frame slot, because each slot has its
/// own overlay buffer; the image bindings are rewritten when the window image is recreated.
/// </summary>
internal sealed unsafe class DisplayPass : IDisposable
{
    private const int Bindings = 6;
    private readonly PresentationDevice _gpu;
    private readonly DescriptorSetLayout _setLayout;
    private readonly PipelineLayout _pipelineLayout;
    private readonly Pipeline _pipeline;
    private readonly Sampler _sampler;
    private readonly DescriptorPool _pool;
    private readonly DescriptorSet[] _sets;

    public DisplayPass(PresentationDevice gpu, int slots)
    {
        _gpu = gpu;
        var vk = gpu.Vk;
        var bindings = stackalloc DescriptorSetLayoutBinding[Bindings];
        for (int i = 0; i < Bindings; i++)
        {
            bindings[i] = new DescriptorSetLayoutBinding((uint)i, TypeOf(i), 1, ShaderStageFlags.ComputeBit);
        }

        var setInfo = new DescriptorSetLayoutCreateInfo { SType = StructureType.DescriptorSetLayoutCreateInfo, BindingCount = Bindings, PBindings = bindings };
        DescriptorSetLayout setLayout;
        vk.CreateDescriptorSetLayout(gpu.Device, &setInfo, null, &setLayout).Check("vkCreateDescriptorSetLayout");
        _setLayout = setLayout;

        var range = new PushConstantRange(ShaderStageFlags.ComputeBit, 0, (uint)sizeof(DisplayPush));
        var layoutInfo = new PipelineLayoutCreateInfo
        {
            SType = StructureType.PipelineLayoutCreateInfo,
            SetLayoutCount = 1,
            PSetLayouts = &setLayout,
            PushConstantRangeCount = 1,
            PPushConstantRanges = &range,
        };
        PipelineLayout pipelineLayout;
        vk.CreatePipelineLayout(gpu.Device, &layoutInfo, null, &pipelineLayout).Check("vkCreatePipelineLayout");
        _pipelineLayout = pipelineLayout;
        _pipeline = CreatePipeline(gpu, pipelineLayout);

        var samplerInfo = new SamplerCreateInfo
        {
            SType = StructureType.SamplerCreateInfo,
            MagFilter = Filter.Nearest,
            MinFilter = Filter.Nearest,
            MipmapMode = SamplerMipmapMode.Nearest,
            AddressModeU = SamplerAddressMode.ClampToEdge,
            AddressModeV = SamplerAddressMode.ClampToEdge,
            AddressModeW = SamplerAddressMode.ClampToEdge,
        };
        Sampler sampler;
        vk.CreateSampler(gpu.Device, &samplerInfo, null, &sampler).Check("vkCreateSampler");
        _sampler = sampler;

        var sizes = stackalloc DescriptorPoolSize[3];
        sizes[0] = new DescriptorPoolSize(DescriptorType.CombinedImageSampler, (uint)(2 * slots));
        sizes[1] = new DescriptorPoolSize(DescriptorType.StorageImage, (uint)(3 * slots));
        sizes[2] = new DescriptorPoolSize(DescriptorType.StorageBuffer, (uint)slots);
        var poolInfo = new DescriptorPoolCreateInfo { SType = StructureType.DescriptorPoolCreateInfo, MaxSets = (uint)slots, PoolSizeCount = 3, PPoolSizes = sizes };
        DescriptorPool pool;
        vk.CreateDescriptorPool(gpu.Device, &poolInfo, null, &pool).Check("vkCreateDescriptorPool");
        _pool = pool;

        _sets = new DescriptorSet[slots];
        for (int i = 0; i < slots; i++)
        {
            var alloc = new DescriptorSetAllocateInfo { SType = StructureType.DescriptorSetAllocateInfo, DescriptorPool = pool, DescriptorSetCount = 1, PSetLayouts = &setLayout };
            DescriptorSet set;
            vk.AllocateDescriptorSets(gpu.Device, &alloc, &set).Check("vkAllocateDescriptorSets");
            _sets[i] = set;
        }
    }

    /// <summary>
    /// Points slot <paramref name="slot"/>'s set at the frame images, the window image and its overlay buffer.
    /// Only while no submitted frame uses the set (at start-up and after the device idles for a resize).
    /// </summary>
    public void Bind(int slot, FrameTargets frame, DeviceImage display, HostBuffer overlay)
    {
        var images = stackalloc DescriptorImageInfo[5];
        images[0] = new DescriptorImageInfo(_sampler, frame.Original.View, ImageLayout.ShaderReadOnlyOptimal);
        images[1] = new DescriptorImageInfo(_sampler, frame.Mask.View, ImageLayout.ShaderReadOnlyOptimal);
        images[2] = new DescriptorImageInfo(default, frame.Output.View, ImageLayout.General);
        images[3] = new DescriptorImageInfo(default, frame.Reconstruction.View, ImageLayout.General);
        images[4] = new DescriptorImageInfo(default, display.View, ImageLayout.General);
        var buffer = new DescriptorBufferInfo(overlay.Handle, 0, Vk.WholeSize);
        var writes = stackalloc WriteDescriptorSet[Bindings];
        for (int i = 0; i < Bindings; i++)
        {
            writes[i] = new WriteDescriptorSet
            {
                SType = StructureType.WriteDescriptorSet,
                DstSet = _sets[slot],
                DstBinding = (uint)i,
                DescriptorCount = 1,
                DescriptorType = TypeOf(i),
                PImageInfo = i < 5 ? &images[i] : null,
                PBufferInfo = i == 5 ? &buffer : null,
            };
        }

        _gpu.Vk.UpdateDescriptorSets(_gpu.Device, Bindings, writes, 0, null);
    }

    /// <summary>Records the draw of the whole window image with slot <paramref name="slot"/>'s set.</summary>
    public void Record(CommandBuffer cmd, int slot, in DisplayPush push)
    {
        var vk = _gpu.Vk;
        var set = _sets[slot];
        vk.CmdBindPipeline(cmd, PipelineBindPoint.Compute, _pipeline);
        vk.CmdBindDescriptorSets(cmd, PipelineBindPoint.Compute, _pipelineLayout, 0, 1, &set, 0, null);
        fixed (DisplayPush* p = &push)
        {
            vk.CmdPushConstants(cmd, _pipelineLayout, ShaderStageFlags.ComputeBit, 0, (uint)sizeof(DisplayPush), p);
        }

        vk.CmdDispatch(cmd, (uint)(push.DisplayWidth + 15) / 16, (uint)(push.DisplayHeight + 15) / 16, 1);
    }

    public void Dispose()
    {
        var vk = _gpu.Vk;
        vk.DestroyDescriptorPool(_gpu.Device, _pool, null);
        vk.DestroySampler(_gpu.Device, _sampler, null);
        vk.DestroyPipeline(_gpu.Device, _pipeline, null);
        vk.DestroyPipelineLayout(_gpu.Device, _pipelineLayout, null);
        vk.DestroyDescriptorSetLayout(_gpu.Device, _setLayout, null);
    }

    private static DescriptorType TypeOf(int binding) => binding switch
    {
        < 2 => DescriptorType.CombinedImageSampler,
        < 5 => DescriptorType.StorageImage,
        _ => DescriptorType.StorageBuffer,
    };

    private static Pipeline CreatePipeline(PresentationDevice gpu, PipelineLayout layout)
    {
        byte[] spirv = LoadSpirv("Viewer/display.spv");
        ShaderModule module;
        fixed (byte* code = spirv)
        {
            var moduleInfo = new ShaderModuleCreateInfo { SType = StructureType.ShaderModuleCreateInfo, CodeSize = (nuint)spirv.Length, PCode = (uint*)code };
            gpu.Vk.CreateShaderModule(gpu.Device, &moduleInfo, null, &module).Check("vkCreateShaderModule");
        }

        try
        {
            byte* entry = stackalloc byte[] { (byte)'m', (byte)'a', (byte)'i', (byte)'n', 0 };
            var info = new ComputePipelineCreateInfo
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
            gpu.Vk.CreateComputePipelines(gpu.Device, default, 1, &info, null, &pipeline).Check("vkCreateComputePipelines");
            return pipeline;
        }
        finally
        {
            gpu.Vk.DestroyShaderModule(gpu.Device, module, null);
        }
    }

    private static byte[] LoadSpirv(string name)
    {
        using var stream = typeof(DisplayPass).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The viewer assembly has no embedded shader '{name}' (glslc runs at build time).");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
