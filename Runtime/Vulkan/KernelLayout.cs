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
    private bool _disposed;

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
        PipelineLayout pipelineLayout = default;
        try
        {
            var range = new PushConstantRange { StageFlags = ShaderStageFlags.ComputeBit, Offset = 0, Size = PushConstantBytes };
            var layoutInfo = new PipelineLayoutCreateInfo
            {
                SType = StructureType.PipelineLayoutCreateInfo,
                SetLayoutCount = 1,
                PSetLayouts = &setLayout,
                PushConstantRangeCount = 1,
                PPushConstantRanges = &range,
            };
            context.Vk.CreatePipelineLayout(context.Device, &layoutInfo, null, &pipelineLayout).Check();
            PipelineLayout = pipelineLayout;
            (FrameSampler, FrameSetLayout, FramePipelineLayout) = CreateFrameLayout(context, setLayout, range);
        }
        catch
        {
            // CreateFrameLayout cleans up after itself; only this constructor's own objects are left.
            context.Vk.DestroyPipelineLayout(context.Device, pipelineLayout, null);
            context.Vk.DestroyDescriptorSetLayout(context.Device, setLayout, null);
            throw;
        }

        // Set layout, pipeline layout, frame sampler, frame set layout and frame pipeline layout.
        context.TrackCreated(5);
    }

    public DescriptorSetLayout SetLayout { get; }

    public PipelineLayout PipelineLayout { get; }

    /// <summary>Set 1 of the frame kernels (Shaders/include/frame_common.glsl): the host's images and the frame state.</summary>
    public DescriptorSetLayout FrameSetLayout { get; }

    /// <summary>
    /// Sets 0 (this layout's) and 1 (<see cref="FrameSetLayout"/>) with the same push-constant range, so it is
    /// compatible with <see cref="PipelineLayout"/> for set 0: model and frame kernels share one bound set 0.
    /// </summary>
    public PipelineLayout FramePipelineLayout { get; }

    /// <summary>The nearest, clamp-to-edge sampler the frame kernels' texelFetch reads are declared with (immutable in the set layout).</summary>
    public Sampler FrameSampler { get; }

    /// <summary>The pipeline layout of the kernel named <paramref name="kernelName"/>: frame kernels are named <c>frame_*</c>.</summary>
    public PipelineLayout For(string kernelName) =>
        kernelName.StartsWith(FrameKernelPrefix, StringComparison.Ordinal) ? FramePipelineLayout : PipelineLayout;

    /// <summary>Name prefix of the kernels that use <see cref="FramePipelineLayout"/>.</summary>
    public const string FrameKernelPrefix = "frame_";

    /// <summary>
    /// Set 1 bindings: 0 colour, 1 mask (combined image samplers), 2 output, 3 reconstruction (storage images), 4 frame
    /// state, 5 accumulation (storage buffers), 6 depth, 7 motion (combined image samplers), 8 history, 9 frame
    /// parameters (storage buffers).
    /// </summary>
    public const int FrameBindingCount = 10;

    /// <summary>The descriptor type of set 1's binding <paramref name="binding"/>.</summary>
    public static DescriptorType FrameBindingType(int binding) => binding switch
    {
        < 2 or 6 or 7 => DescriptorType.CombinedImageSampler,
        < 4 => DescriptorType.StorageImage,
        _ => DescriptorType.StorageBuffer,
    };

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _context.TrackDestroyed(5);
        _context.Vk.DestroyPipelineLayout(_context.Device, FramePipelineLayout, null);
        _context.Vk.DestroyDescriptorSetLayout(_context.Device, FrameSetLayout, null);
        _context.Vk.DestroySampler(_context.Device, FrameSampler, null);
        _context.Vk.DestroyPipelineLayout(_context.Device, PipelineLayout, null);
        _context.Vk.DestroyDescriptorSetLayout(_context.Device, SetLayout, null);
    }

    private static (Sampler Sampler, DescriptorSetLayout Set, PipelineLayout Pipeline) CreateFrameLayout(GpuContext context, DescriptorSetLayout set0, PushConstantRange range)
    {
        var vk = context.Vk;
        var samplerInfo = new SamplerCreateInfo
        {
            SType = StructureType.SamplerCreateInfo,
            MagFilter = Filter.Nearest,
            MinFilter = Filter.Nearest,
            MipmapMode = SamplerMipmapMode.Nearest,
            AddressModeU = SamplerAddressMode.ClampToEdge,
            AddressModeV = SamplerAddressMode.ClampToEdge,
            AddressModeW = SamplerAddressMode.ClampToEdge,
            MaxLod = 0,
        };
        Sampler sampler;
        vk.CreateSampler(context.Device, &samplerInfo, null, &sampler).Check();
        DescriptorSetLayout frameSet = default;
        try
        {
            var bindings = stackalloc DescriptorSetLayoutBinding[FrameBindingCount];
            for (int i = 0; i < FrameBindingCount; i++)
            {
                bindings[i] = new DescriptorSetLayoutBinding
                {
                    Binding = (uint)i,
                    DescriptorType = FrameBindingType(i),
                    DescriptorCount = 1,
                    StageFlags = ShaderStageFlags.ComputeBit,
                    PImmutableSamplers = FrameBindingType(i) == DescriptorType.CombinedImageSampler ? &sampler : null,
                };
            }

            var setInfo = new DescriptorSetLayoutCreateInfo { SType = StructureType.DescriptorSetLayoutCreateInfo, BindingCount = FrameBindingCount, PBindings = bindings };
            vk.CreateDescriptorSetLayout(context.Device, &setInfo, null, &frameSet).Check();

            var sets = stackalloc DescriptorSetLayout[2] { set0, frameSet };
            var layoutInfo = new PipelineLayoutCreateInfo
            {
                SType = StructureType.PipelineLayoutCreateInfo,
                SetLayoutCount = 2,
                PSetLayouts = sets,
                PushConstantRangeCount = 1,
                PPushConstantRanges = &range,
            };
            PipelineLayout pipelineLayout;
            vk.CreatePipelineLayout(context.Device, &layoutInfo, null, &pipelineLayout).Check();
            return (sampler, frameSet, pipelineLayout);
        }
        catch
        {
            vk.DestroyDescriptorSetLayout(context.Device, frameSet, null);
            vk.DestroySampler(context.Device, sampler, null);
            throw;
        }
    }
}
