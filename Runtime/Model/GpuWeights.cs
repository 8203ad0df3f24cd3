using MaeRealtime.Runtime.Vulkan;

namespace MaeRealtime.Runtime.Model;

/// <summary>
/// A weight file's data section uploaded once into one storage buffer. Kernels address tensors by
/// element offset (floats for fp32 tensors, halves for fp16 matrices), so no per-tensor buffers or
/// descriptors exist.
/// </summary>
/// <remarks>
/// Every <see cref="Inference.MaeForward"/> (and so every <see cref="Frames.FrameInpainter"/>) built on these
/// weights registers itself as a user; <see cref="Dispose"/> refuses while any is alive, because their
/// descriptor sets and recorded command buffers point at this buffer.
/// </remarks>
public sealed class GpuWeights : IDisposable
{
    private readonly GpuContext _context;
    private readonly Dictionary<object, string> _users = new(ReferenceEqualityComparer.Instance);
    private bool _disposed;

    /// <summary>Uploads <paramref name="file"/> to <paramref name="context"/>'s device.</summary>
    public GpuWeights(GpuContext context, WeightFile file)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(file);
        ObjectDisposedException.ThrowIf(context.IsDisposed, context);
        _context = context;
        File = file;
        // Pad so a trailing fp16 tensor's last uint word is inside the buffer, and to at least one texel of
        // the texel views the CPU kernels read through (KernelBindings).
        ulong size = (ulong)Math.Max(16, WeightFileFormat.Align(file.Data.Length));
        Buffer = new GpuBuffer(context, size, $"weights:{Path.GetFileName(file.Path)}", KernelBindings.TexelUsage);
        try
        {
            Buffer.Write(file.Data.Span);
        }
        catch
        {
            Buffer.Dispose();
            throw;
        }

        context.AddUser(this, Description);
    }

    /// <summary>The file these weights came from.</summary>
    public WeightFile File { get; }

    /// <summary>The model config.</summary>
    public MaeConfig Config => File.Config;

    /// <summary>The storage buffer holding the data section.</summary>
    public GpuBuffer Buffer { get; }

    /// <summary>True when the GEMM matrices are fp16 (the <c>gemm_f16</c> kernel reads them).</summary>
    public bool MatricesAreHalf => File.MatrixDType == TensorDType.Float16;

    /// <summary>True once <see cref="Dispose"/> has freed the buffer.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>The forward passes and inpainters still using these weights (their descriptions).</summary>
    public IReadOnlyList<string> Users
    {
        get
        {
            lock (_users)
            {
                return [.. _users.Values];
            }
        }
    }

    private string Description => $"GpuWeights '{Path.GetFileName(File.Path)}'";

    /// <summary>Element offset of tensor <paramref name="name"/> in its own dtype's units.</summary>
    public uint Offset(string name) => File[name].ElementOffset;

    /// <summary>
    /// Frees the buffer (the GPU must be done with it). A second call does nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">A forward pass or inpainter built on these weights is still
    /// alive (the message names it): dispose it first. Nothing is freed then.</exception>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        var users = Users;
        if (users.Count > 0)
        {
            throw new InvalidOperationException(
                $"{Description}.Dispose: still used by {string.Join(", ", users)}; dispose it first (its descriptor sets and recorded commands read this buffer).");
        }

        _disposed = true;
        Buffer.Dispose();
        _context.RemoveUser(this);
    }

    /// <summary>Registers <paramref name="user"/> as reading these weights; throws when they were disposed.</summary>
    internal void AddUser(object user, string description)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_users)
        {
            _users[user] = description;
        }
    }

    /// <summary>Unregisters <paramref name="user"/>.</summary>
    internal void RemoveUser(object user)
    {
        lock (_users)
        {
            _users.Remove(user);
        }
    }
}
