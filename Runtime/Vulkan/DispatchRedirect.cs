using VkBuffer = Silk.NET.Vulkan.Buffer;

namespace MaeRealtime.Runtime.Vulkan;

/// <summary>
/// Turns the dispatches of a <see cref="CommandRecorder"/> into something other than direct dispatches, so one
/// recording function serves three purposes. <see cref="Capture"/>: record nothing, only collect each
/// dispatch's workgroup counts (the frame pipeline captures its chain once per possible tile count to build
/// its table of indirect commands). <see cref="Indirect"/>: bind and push as usual but dispatch indirectly,
/// the n-th dispatch reading the n-th <c>VkDispatchIndirectCommand</c> from a buffer the GPU filled.
/// Every dispatch call yields exactly one entry, even one of zero workgroups, so the n-th dispatch of a
/// capture and of an indirect recording are the same call.
/// </summary>
internal sealed class DispatchRedirect
{
    /// <summary>Bytes of one VkDispatchIndirectCommand (three uints).</summary>
    public const int CommandBytes = 12;

    private DispatchRedirect(bool capturing, VkBuffer buffer, ulong offset)
    {
        Capturing = capturing;
        Buffer = buffer;
        Offset = offset;
    }

    /// <summary>True: record nothing, collect <see cref="Groups"/> and <see cref="Kernels"/>.</summary>
    public bool Capturing { get; }

    /// <summary>The indirect command buffer (indirect mode).</summary>
    public VkBuffer Buffer { get; }

    /// <summary>Byte offset of the first command (indirect mode).</summary>
    public ulong Offset { get; }

    /// <summary>Dispatches seen so far.</summary>
    public int Count { get; private set; }

    /// <summary>Workgroup counts of each dispatch (capture mode).</summary>
    public List<(uint X, uint Y, uint Z)> Groups { get; } = [];

    /// <summary>Kernel of each dispatch (capture mode), to check two captures describe the same chain.</summary>
    public List<string> Kernels { get; } = [];

    /// <summary>The extent each dispatch's grid grows with (capture mode).</summary>
    public List<DispatchExtent> Extents { get; } = [];

    /// <summary>The extent the recording code declared for the dispatches that follow (<see cref="CommandRecorder.SizedBy"/>).</summary>
    public DispatchExtent CurrentExtent { get; set; }

    public static DispatchRedirect Capture() => new(true, default, 0);

    public static DispatchRedirect Indirect(VkBuffer buffer, ulong offset) => new(false, buffer, offset);

    /// <summary>Notes one dispatch; returns the byte offset of its indirect command.</summary>
    public ulong Next(string kernel, uint x, uint y, uint z)
    {
        if (Capturing)
        {
            Groups.Add((x, y, z));
            Kernels.Add(kernel);
            Extents.Add(CurrentExtent);
        }

        return Offset + ((ulong)Count++ * CommandBytes);
    }
}
