using MaeRealtime.Viewer.Presentation;
using MaeRealtime.Viewer.Rendering;
using Silk.NET.Vulkan;

namespace MaeRealtime.Viewer.Capture;

/// <summary>
/// A screenshot in progress: the presented window image is copied into a host-visible buffer by the frame that
/// requested it, and written as a PNG once that frame's fence has signalled. Only screenshots read back.
/// </summary>
internal sealed unsafe class ScreenshotReadback : IDisposable
{
    private readonly HostBuffer _buffer;

    public ScreenshotReadback(PresentationDevice gpu, DeviceImage display, string path)
    {
        Path = path;
        Width = display.Width;
        Height = display.Height;
        _buffer = new HostBuffer(gpu, (ulong)Width * (ulong)Height * 4, BufferUsageFlags.TransferDstBit);
    }

    /// <summary>Where the PNG goes.</summary>
    public string Path { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Records the copy of <paramref name="display"/> (in GENERAL, its compute writes already made visible to transfers).</summary>
    public void RecordCopy(Vk vk, CommandBuffer cmd, DeviceImage display)
    {
        var region = new BufferImageCopy
        {
            ImageSubresource = new ImageSubresourceLayers(ImageAspectFlags.ColorBit, 0, 0, 1),
            ImageExtent = new Extent3D((uint)Width, (uint)Height, 1),
        };
        vk.CmdCopyImageToBuffer(cmd, display.Handle, ImageLayout.General, _buffer.Handle, 1, &region);
        Barriers.Memory(vk, cmd, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.HostBit, AccessFlags.HostReadBit);
    }

    /// <summary>Writes the PNG; call after the recording frame completed.</summary>
    public void Save() => ImageFiles.SavePng(Path, Width, Height, _buffer.AsSpan<byte>());

    public void Dispose() => _buffer.Dispose();
}
