using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Vulkan;

/// <summary>
/// The one descriptor set of the shared <see cref="KernelLayout"/>, bound to a weight buffer (bindings 0
/// and 1, two views of one buffer), an activation arena (2) and an index buffer (3), plus read-only texel
/// views (4: weights as RGBA32F, 5: weights as RG32UI, 6: arena as RGBA32F). Allocated once from a pool of
/// its own; never updated per frame.
/// </summary>
/// <remarks>
/// The texel views exist for CPU Vulkan drivers: Mesa's lavapipe turns every storage-buffer read into a
/// scalar loop over the SIMD lanes (tens of cycles per element) but compiles a texel fetch into plain
/// vector loads, some 20 times cheaper, so the CPU kernel family reads through them. The weight and arena
/// buffers must therefore be created with <see cref="TexelUsage"/>. A view covers at most the device's
/// maxTexelBufferElements texels; <see cref="TexelViewsCoverBuffers"/> says whether it covers everything.
/// </remarks>
internal sealed unsafe class KernelBindings : IDisposable
{
    /// <summary>Usage the weight and arena buffers need for the texel views.</summary>
    public const BufferUsageFlags TexelUsage = BufferUsageFlags.UniformTexelBufferBit;

    private const int TexelBytes4 = 16, TexelBytes2 = 8;
    private readonly GpuContext _context;
    private readonly DescriptorPool _pool;
    private readonly BufferView[] _views = new BufferView[KernelLayout.TexelBindingCount];
    private bool _disposed;

    public KernelBindings(GpuContext context, GpuBuffer weights, GpuBuffer arena, GpuBuffer indices)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(arena);
        ArgumentNullException.ThrowIfNull(indices);
        if (weights.Size < TexelBytes4 || arena.Size < TexelBytes4)
        {
            throw new ArgumentException($"The weight and arena buffers must hold at least one {TexelBytes4}-byte texel (found {weights.Size} and {arena.Size} bytes).");
        }

        _context = context;
        var vk = context.Vk;
        var sizes = stackalloc DescriptorPoolSize[2];
        sizes[0] = new DescriptorPoolSize(DescriptorType.StorageBuffer, KernelLayout.StorageBindingCount);
        sizes[1] = new DescriptorPoolSize(DescriptorType.UniformTexelBuffer, KernelLayout.TexelBindingCount);
        var poolInfo = new DescriptorPoolCreateInfo { SType = StructureType.DescriptorPoolCreateInfo, MaxSets = 1, PoolSizeCount = 2, PPoolSizes = sizes };
        context.BeforeCreate("vkCreateDescriptorPool (kernel bindings)");
        DescriptorPool pool;
        vk.CreateDescriptorPool(context.Device, &poolInfo, null, &pool).Check();
        context.TrackCreated();
        _pool = pool;
        try
        {
            (Set, TexelViewsCoverBuffers) = WriteSet(context, pool, weights, arena, indices);
        }
        catch
        {
            // The descriptor set goes with its pool; views made before the failure are destroyed one by one.
            DestroyViews();
            vk.DestroyDescriptorPool(context.Device, pool, null);
            context.TrackDestroyed();
            throw;
        }
    }

    public DescriptorSet Set { get; }

    /// <summary>True when the texel views reach the end of the weight and arena buffers (always on lavapipe).</summary>
    public bool TexelViewsCoverBuffers { get; }

    /// <summary>
    /// Whether texel views on <paramref name="context"/>'s device would reach the end of a weight buffer and an arena of
    /// these sizes: what <see cref="TexelViewsCoverBuffers"/> will say, known before the buffers are created.
    /// </summary>
    public static bool TexelViewsCover(GpuContext context, ulong weightBytes, ulong arenaBytes)
    {
        ArgumentNullException.ThrowIfNull(context);
        ulong maxTexels = context.Properties.Limits.MaxTexelBufferElements;
        return ViewCovers(weightBytes, TexelBytes4, maxTexels) && ViewCovers(weightBytes, TexelBytes2, maxTexels) && ViewCovers(arenaBytes, TexelBytes4, maxTexels);
    }

    // A view holds whole texels, at most the device's limit; it covers the buffer when it reaches its last whole
    // 16-byte texel (the CPU kernels read vec4s).
    private static ulong ViewTexels(ulong bytes, int texelBytes, ulong maxTexels) => Math.Min(bytes / (ulong)texelBytes, maxTexels);

    private static bool ViewCovers(ulong bytes, int texelBytes, ulong maxTexels) =>
        ViewTexels(bytes, texelBytes, maxTexels) * (ulong)texelBytes >= bytes / TexelBytes4 * TexelBytes4;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        DestroyViews();
        _context.Vk.DestroyDescriptorPool(_context.Device, _pool, null);
        _context.TrackDestroyed();
    }

    private void DestroyViews()
    {
        for (int v = 0; v < _views.Length; v++)
        {
            if (_views[v].Handle != 0)
            {
                _context.Vk.DestroyBufferView(_context.Device, _views[v], null);
                _context.TrackDestroyed();
                _views[v] = default;
            }
        }
    }

    private (DescriptorSet Set, bool Complete) WriteSet(GpuContext context, DescriptorPool pool, GpuBuffer weights, GpuBuffer arena, GpuBuffer indices)
    {
        var vk = context.Vk;
        var layout = context.Layout.SetLayout;
        var alloc = new DescriptorSetAllocateInfo { SType = StructureType.DescriptorSetAllocateInfo, DescriptorPool = pool, DescriptorSetCount = 1, PSetLayouts = &layout };
        DescriptorSet set;
        vk.AllocateDescriptorSets(context.Device, &alloc, &set).Check();

        var infos = stackalloc DescriptorBufferInfo[KernelLayout.StorageBindingCount];
        infos[0] = new DescriptorBufferInfo(weights.Handle, 0, Vk.WholeSize);
        infos[1] = new DescriptorBufferInfo(weights.Handle, 0, Vk.WholeSize);
        infos[2] = new DescriptorBufferInfo(arena.Handle, 0, Vk.WholeSize);
        infos[3] = new DescriptorBufferInfo(indices.Handle, 0, Vk.WholeSize);

        ulong maxTexels = context.Properties.Limits.MaxTexelBufferElements;
        (GpuBuffer Buffer, Format Format, int TexelBytes)[] viewed =
        [
            (weights, Format.R32G32B32A32Sfloat, TexelBytes4),
            (weights, Format.R32G32Uint, TexelBytes2),
            (arena, Format.R32G32B32A32Sfloat, TexelBytes4),
        ];
        var views = stackalloc BufferView[KernelLayout.TexelBindingCount];
        bool complete = true;
        for (int v = 0; v < viewed.Length; v++)
        {
            var (buffer, format, texelBytes) = viewed[v];
            ulong texels = ViewTexels(buffer.Size, texelBytes, maxTexels);
            complete &= ViewCovers(buffer.Size, texelBytes, maxTexels);
            var viewInfo = new BufferViewCreateInfo
            {
                SType = StructureType.BufferViewCreateInfo,
                Buffer = buffer.Handle,
                Format = format,
                Offset = 0,
                Range = texels * (ulong)texelBytes,
            };
            context.BeforeCreate("vkCreateBufferView (kernel bindings)");
            BufferView view;
            vk.CreateBufferView(context.Device, &viewInfo, null, &view).Check();
            context.TrackCreated();
            _views[v] = view;
            views[v] = view;
        }

        var writes = stackalloc WriteDescriptorSet[KernelLayout.BindingCount];
        for (int i = 0; i < KernelLayout.BindingCount; i++)
        {
            bool storage = i < KernelLayout.StorageBindingCount;
            writes[i] = new WriteDescriptorSet
            {
                SType = StructureType.WriteDescriptorSet,
                DstSet = set,
                DstBinding = (uint)i,
                DescriptorCount = 1,
                DescriptorType = storage ? DescriptorType.StorageBuffer : DescriptorType.UniformTexelBuffer,
                PBufferInfo = storage ? &infos[i] : null,
                PTexelBufferView = storage ? null : &views[i - KernelLayout.StorageBindingCount],
            };
        }

        vk.UpdateDescriptorSets(context.Device, KernelLayout.BindingCount, writes, 0, null);
        return (set, complete);
    }

}
