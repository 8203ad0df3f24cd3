using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Vulkan;

/// <summary>One compute pipeline built from an embedded SPIR-V module and the shared <see cref="KernelLayout"/>.</summary>
internal sealed unsafe class ComputeKernel : IDisposable
{
    private readonly GpuContext _context;
    private readonly ShaderModule _module;
    private bool _disposed;

    public ComputeKernel(GpuContext context, string name, byte[] spirv)
    {
        _context = context;
        Name = name;
        if (spirv.Length == 0 || spirv.Length % 4 != 0)
        {
            throw new VulkanException($"Embedded SPIR-V 'Shaders/{name}.spv' is {spirv.Length} bytes (not a whole number of words).");
        }

        fixed (byte* code = spirv)
        {
            var moduleInfo = new ShaderModuleCreateInfo
            {
                SType = StructureType.ShaderModuleCreateInfo,
                CodeSize = (nuint)spirv.Length,
                PCode = (uint*)code,
            };
            context.BeforeCreate($"vkCreateShaderModule ({name})");
            ShaderModule module;
            context.Vk.CreateShaderModule(context.Device, &moduleInfo, null, &module).Check();
            context.TrackCreated();
            _module = module;
        }

        byte* entry = stackalloc byte[] { (byte)'m', (byte)'a', (byte)'i', (byte)'n', 0 };
        var info = new ComputePipelineCreateInfo
        {
            SType = StructureType.ComputePipelineCreateInfo,
            Stage = new PipelineShaderStageCreateInfo
            {
                SType = StructureType.PipelineShaderStageCreateInfo,
                Stage = ShaderStageFlags.ComputeBit,
                Module = _module,
                PName = entry,
            },
            Layout = context.Layout.For(name),
        };
        Pipeline pipeline;
        try
        {
            context.BeforeCreate($"vkCreateComputePipelines ({name})");
            context.Vk.CreateComputePipelines(context.Device, context.PipelineCache, 1, &info, null, &pipeline).Check();
        }
        catch
        {
            context.Vk.DestroyShaderModule(context.Device, _module, null);
            context.TrackDestroyed();
            throw;
        }

        context.TrackCreated();
        Pipeline = pipeline;
        context.SetDebugName(ObjectType.Pipeline, pipeline.Handle, name);
    }

    public string Name { get; }

    public Pipeline Pipeline { get; }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _context.Vk.DestroyPipeline(_context.Device, Pipeline, null);
        _context.Vk.DestroyShaderModule(_context.Device, _module, null);
        _context.TrackDestroyed(2);
    }
}
