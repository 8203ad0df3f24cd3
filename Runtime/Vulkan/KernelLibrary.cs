namespace MaeRealtime.Runtime.Vulkan;

/// <summary>The compute kernels of one context, each compiled from the SPIR-V embedded in this assembly on first use.</summary>
internal sealed class KernelLibrary(GpuContext context) : IDisposable
{
    private readonly Dictionary<string, ComputeKernel> _kernels = new(StringComparer.Ordinal);

    public ComputeKernel this[string name]
    {
        get
        {
            if (!_kernels.TryGetValue(name, out var kernel))
            {
                kernel = new ComputeKernel(context, name, LoadSpirv(name));
                _kernels.Add(name, kernel);
            }

            return kernel;
        }
    }

    /// <summary>Pipelines created so far (tests check that recording a frame creates none).</summary>
    public int Count => _kernels.Count;

    /// <summary>The names of all embedded modules.</summary>
    public static IEnumerable<string> EmbeddedNames =>
        typeof(KernelLibrary).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Shaders/", StringComparison.Ordinal) && n.EndsWith(".spv", StringComparison.Ordinal))
            .Select(n => n["Shaders/".Length..^".spv".Length]);

    public static byte[] LoadSpirv(string name)
    {
        using var stream = typeof(KernelLibrary).Assembly.GetManifestResourceStream($"Shaders/{name}.spv")
            ?? throw new VulkanException($"No embedded shader 'Shaders/{name}.spv' in {typeof(KernelLibrary).Assembly.GetName().Name} (embedded: {string.Join(", ", EmbeddedNames)}).");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public void Dispose()
    {
        foreach (var kernel in _kernels.Values)
        {
            kernel.Dispose();
        }

        _kernels.Clear();
    }
}
