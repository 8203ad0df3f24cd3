using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Vulkan;

/// <summary>
/// The one descriptor-set layout and pipeline layout every kernel shares (Shaders/include/common.glsl):
/// four storage buffers (weights as float, weights as uint, activation arena, indices), three read-only
/// uniform texel buffer views (weights as vec4, weights as uvec2, arena as vec4) and a 128-byte
/// push-constant block. One layout means one descriptor set per forward pass and no rebinding between kernels.
/// </summary>
internal sealed unsafe class KernelLayout : IDisposable
{
    /// <summary>Bindings 0 .. 3: storage buffers.</summary>
    public const int StorageBindingCount = 4;

    /// <summary>Bindings 4 .. 6: uniform texel buffers (see <see cref="KernelBindings"/>).</summary>
    public const int TexelBindingCount = 3;

    public const int BindingCount = StorageBindingCount + TexelBindingCount;
    public const uint PushConstantBytes = 128;
    private readonly GpuContext _context;

    public KernelLayout(GpuContext context)
    {
        _context = context;
        var bindings = stackalloc DescriptorSetLayoutBinding[BindingCount];
        for (int i = 0; i < BindingCount; i++)
        {
            bindings[i] = new DescriptorSetLayoutBinding
            {
                Binding = (uint)i,
                DescriptorType = i < StorageBindingCount ? DescriptorType.StorageBuffer : DescriptorType.UniformTexelBuffer,
                DescriptorCount = 1,
                StageFlags = ShaderStageFlags.ComputeBit,
            };
        }

        var setInfo = new DescriptorSetLayoutCreateInfo
        {
            SType = StructureType.DescriptorSetLayoutCreateInfo,
            BindingCount = BindingCount,
            PBindings = bindings,
        };
        DescriptorSetLayout setLayout;
        context.Vk.CreateDescriptorSetLayout(context.Device, &setInfo, null, &setLayout).Check();
        SetLayout = setLayout;

        var range = new PushConstantRange { StageFlags = ShaderStageFlags.ComputeBit, Offset = 0, Size = PushConstantBytes };
        var layoutInfo = new PipelineLayoutCreateInfo
        {
            SType = StructureType.PipelineLayoutCreateInfo,
            SetLayoutCount = 1,
            PSetLayouts = &setLayout,
            PushConstantRangeCount = 1,
            PPushConstantRanges = &range,
        };
        PipelineLayout pipelineLayout;
        context.Vk.CreatePipelineLayout(context.Device, &layoutInfo, null, &pipelineLayout).Check();
        PipelineLayout = pipelineLayout;
    }

    public DescriptorSetLayout SetLayout { get; }

    public PipelineLayout PipelineLayout { get; }

    public void Dispose()
    {
        _context.Vk.DestroyPipelineLayout(_context.Device, PipelineLayout, null);
        _context.Vk.DestroyDescriptorSetLayout(_context.Device, SetLayout, null);
    }
}
