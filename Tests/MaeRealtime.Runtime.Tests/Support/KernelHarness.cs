using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.Runtime.Tests.Support;

/// <summary>Runs single kernels on host arrays: uploads weights, arena and indices, records one pass, reads the arena back.</summary>
internal sealed class KernelHarness : IDisposable
{
    private readonly GpuContext _context;
    private readonly GpuBuffer _weights;
    private readonly GpuBuffer _arena;
    private readonly GpuBuffer _indices;
    private readonly KernelBindings _bindings;
    private readonly ReusableCommandBuffer _commands;

    public KernelHarness(GpuContext context, ReadOnlySpan<float> weights, ReadOnlySpan<float> arena, ReadOnlySpan<uint> indices)
    {
        _context = context;
        _weights = new GpuBuffer(context, (ulong)Math.Max(16, weights.Length * 4), "test-weights", KernelBindings.TexelUsage);
        _arena = new GpuBuffer(context, (ulong)Math.Max(16, arena.Length * 4), "test-arena", KernelBindings.TexelUsage);
        _indices = new GpuBuffer(context, (ulong)Math.Max(16, indices.Length * 4), "test-indices");
        _weights.Write(weights);
        _arena.Write(arena);
        _indices.Write(indices);
        ArenaLength = arena.Length;
        _bindings = new KernelBindings(context, _weights, _arena, _indices);
        _commands = new ReusableCommandBuffer(context);
    }

    public int ArenaLength { get; }

    public ComputeKernel Kernel(string name) => _context.Kernels[name];

    public float[] Run(Action<CommandRecorder> record)
    {
        _commands.Run((record, _bindings), static (rec, s) =>
        {
            rec.BindSet(s._bindings.Set);
            s.record(rec);
        });
        var result = new float[ArenaLength];
        _arena.Read<float>(result);
        return result;
    }

    public void Dispose()
    {
        _commands.Dispose();
        _bindings.Dispose();
        _indices.Dispose();
        _arena.Dispose();
        _weights.Dispose();
    }
}
