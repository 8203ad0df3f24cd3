using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Vulkan;

/// <summary>
/// The one descriptor set of the shared <see cref="KernelLayout"/>, bound to a weight buffer (bindings 0
/// and 1, two views of one buffer), an activation arena (2) and an index buffer (3). Allocated once from
/// a pool of its own; never updated per frame.
/// </summary>
internal sealed unsafe class KernelBindings : IDisposable
{
    private readonly GpuContext _context;
    private readonly DescriptorPool _pool;

    public KernelBindings(GpuContext context, GpuBuffer weights, GpuBuffer arena, GpuBuffer indices)
    {
        _context = context;
        var vk = context.Vk;
        var size = new DescriptorPoolSize(DescriptorType.StorageBuffer, KernelLayout.BindingCount);
        var poolInfo = new DescriptorPoolCreateInfo { SType = StructureType.DescriptorPoolCreateInfo, MaxSets = 1, PoolSizeCount = 1, PPoolSizes = &size };
        DescriptorPool pool;
        vk.CreateDescriptorPool(context.Device, &poolInfo, null, &pool).Check();
        _pool = pool;

        var layout = context.Layout.SetLayout;
        var alloc = new DescriptorSetAllocateInfo { SType = StructureType.DescriptorSetAllocateInfo, DescriptorPool = pool, DescriptorSetCount = 1, PSetLayouts = &layout };
        DescriptorSet set;
        vk.AllocateDescriptorSets(context.Device, &alloc, &set).Check();
        Set = set;

        var infos = stackalloc DescriptorBufferInfo[KernelLayout.BindingCount];
        infos[0] = new DescriptorBufferInfo(weights.Handle, 0, Vk.WholeSize);
        infos[1] = new DescriptorBufferInfo(weights.Handle, 0, Vk.WholeSize);
        infos[2] = new DescriptorBufferInfo(arena.Handle, 0, Vk.WholeSize);
        infos[3] = new DescriptorBufferInfo(indices.Handle, 0, Vk.WholeSize);
        var writes = stackalloc WriteDescriptorSet[KernelLayout.BindingCount];
        for (int i = 0; i < KernelLayout.BindingCount; i++)
        {
            writes[i] = new WriteDescriptorSet
            {
                SType = StructureType.WriteDescriptorSet, DstSet = set, DstBinding = (uint)i, DescriptorCount = 1,
                DescriptorType = DescriptorType.StorageBuffer, PBufferInfo = &infos[i],
            };
        }

        vk.UpdateDescriptorSets(context.Device, KernelLayout.BindingCount, writes, 0, null);
    }

    public DescriptorSet Set { get; }

    public void Dispose() => _context.Vk.DestroyDescriptorPool(_context.Device, _pool, null);
}
