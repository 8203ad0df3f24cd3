using System.Runtime.InteropServices;
using MaeRealtime.Runtime.Model;
using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Frames;

/// <summary>
/// The frame pass on CPU-side images, for tools and tests: uploads a frame and its mask, records the very
/// same <see cref="FrameInpainter.Record"/> a host engine would, waits and reads the result back. Keeps its
/// images between calls of the same size. Not for per-frame use (it waits for the GPU).
/// </summary>
public sealed class ImageInpainter : IDisposable
{
    private readonly GpuContext _context;
    private GpuImage? _color, _mask, _output, _recon, _depth, _motion;
    private GpuBuffer? _staging;
    private FrameColorFormat _format;

    /// <summary>Builds the frame pass (see <see cref="FrameInpainter(GpuContext, GpuWeights, FrameInpainterOptions?)"/>).</summary>
    public ImageInpainter(GpuContext context, GpuWeights weights, FrameInpainterOptions? options = null)
    {
        _context = context;
        Frames = new FrameInpainter(context, weights, options);
    }

    /// <summary>The frame pass (statistics, geometry).</summary>
    public FrameInpainter Frames { get; }

    /// <summary>
    /// Fills the holes of an RGBA8 frame (<paramref name="rgba"/>: width x height x 4 bytes, sRGB-encoded) where
    /// <paramref name="mask"/> (width x height bytes) is at least 128. <paramref name="output"/> receives the
    /// result; <paramref name="reconstruction"/> (optional, needs <see cref="FrameInpainterOptions.Reconstruction"/>)
    /// the raw reconstruction inside processed tiles (0 elsewhere).
    /// </summary>
    public void Inpaint(ReadOnlySpan<byte> rgba, ReadOnlySpan<byte> mask, int width, int height, Span<byte> output, Span<byte> reconstruction = default) =>
        Run(rgba, mask, width, height, output, reconstruction, FrameColorFormat.Rgba8Unorm, 4, default);

    /// <summary>
    /// As the RGBA8 overload, one frame of a sequence with its optional engine inputs (depth, motion vectors, camera
    /// cut): with <see cref="FrameInpainterOptions.History"/>, consecutive calls are consecutive frames.
    /// </summary>
    public void Inpaint(ReadOnlySpan<byte> rgba, ReadOnlySpan<byte> mask, int width, int height, Span<byte> output, ImageGuides guides, Span<byte> reconstruction = default) =>
        Run(rgba, mask, width, height, output, reconstruction, FrameColorFormat.Rgba8Unorm, 4, guides);

    /// <summary>As the RGBA8 overload for linear HDR frames (RGBA16F: width x height x 4 halves); NaN and infinite pixels are filled.</summary>
    public void Inpaint(ReadOnlySpan<Half> rgba, ReadOnlySpan<byte> mask, int width, int height, Span<Half> output, Span<Half> reconstruction = default) =>
        Run(MemoryMarshal.AsBytes(rgba), mask, width, height, MemoryMarshal.AsBytes(output), MemoryMarshal.AsBytes(reconstruction), FrameColorFormat.Rgba16Float, 8, default);

    /// <inheritdoc/>
    public void Dispose()
    {
        DisposeImages();
        Frames.Dispose();
    }

    private void Run(ReadOnlySpan<byte> pixels, ReadOnlySpan<byte> mask, int width, int height, Span<byte> output, Span<byte> reconstruction, FrameColorFormat format, int pixelBytes, ImageGuides guides)
    {
        ObjectDisposedException.ThrowIf(Frames.IsDisposed, this);
        if (width < 1 || height < 1)
        {
            throw new ArgumentException($"Frame size {width}x{height}: expected at least 1x1.");
        }

        long colorBytes = (long)width * height * pixelBytes, maskBytes = (long)width * height;
        Require("frame", pixels.Length, colorBytes, width, height);
        Require("mask", mask.Length, maskBytes, width, height);
        Require("output", output.Length, colorBytes, width, height);
        bool wantRecon = !reconstruction.IsEmpty;
        if (wantRecon)
        {
            Require("reconstruction", reconstruction.Length, colorBytes, width, height);
        }

        bool hasDepth = !guides.Depth.IsEmpty, hasMotion = !guides.Motion.IsEmpty;
        if (hasDepth)
        {
            Require("depth (floats)", guides.Depth.Length, maskBytes, width, height);
        }

        if (hasMotion)
        {
            Require("motion (floats, x and y per pixel)", guides.Motion.Length, 2 * maskBytes, width, height);
        }

        EnsureImages(width, height, format, wantRecon);
        ulong maskOffset = (ulong)colorBytes, reconOffset = (ulong)(colorBytes + ((maskBytes + 15) & ~15L));
        ulong depthOffset = reconOffset + (ulong)colorBytes, motionOffset = depthOffset + (ulong)(4 * maskBytes);
        _staging!.Write(pixels);
        _staging.Write(mask, maskOffset);
        if (hasDepth)
        {
            _staging.Write(guides.Depth, depthOffset);
        }

        if (hasMotion)
        {
            _staging.Write(guides.Motion, motionOffset);
        }
        var frame = new FrameImages
        {
            Width = width,
            Height = height,
            Color = _color!.Handle,
            ColorFormat = format,
            Mask = _mask!.Handle,
            Output = _output!.Handle,
            OutputFormat = format,
            Reconstruction = wantRecon ? _recon!.Handle : default,
            Depth = hasDepth ? _depth!.Handle : default,
            DepthFormat = Format.R32Sfloat,
            Motion = hasMotion ? _motion!.Handle : default,
            MotionFormat = Format.R32G32Sfloat,
            Flags = guides.Flags,
        };
        var uploads = new List<(GpuImage Image, ulong Offset)> { (_color!, 0), (_mask!, maskOffset) };
        if (hasDepth)
        {
            uploads.Add((_depth!, depthOffset));
        }

        if (hasMotion)
        {
            uploads.Add((_motion!, motionOffset));
        }

        _context.SubmitAndWait(cmd => Record(cmd, frame, uploads, reconOffset, wantRecon));
        _staging.Read(output);
        if (wantRecon)
        {
            _staging.Read(reconstruction, reconOffset);
        }

        Frames.UpdateStats();
    }

    private void Record(CommandBuffer cmd, in FrameImages frame, List<(GpuImage Image, ulong Offset)> uploads, ulong reconOffset, bool wantRecon)
    {
        const PipelineStageFlags top = PipelineStageFlags.TopOfPipeBit, transfer = PipelineStageFlags.TransferBit, compute = PipelineStageFlags.ComputeShaderBit;
        foreach (var (image, offset) in uploads)
        {
            image.Transition(cmd, ImageLayout.Undefined, ImageLayout.TransferDstOptimal, top, 0, transfer, AccessFlags.TransferWriteBit);
            image.CopyFrom(cmd, _staging!, offset);
            image.Transition(cmd, ImageLayout.TransferDstOptimal, ImageLayout.ShaderReadOnlyOptimal, transfer, AccessFlags.TransferWriteBit, compute, AccessFlags.ShaderReadBit);
        }

        var written = wantRecon ? new[] { _output!, _recon! } : new[] { _output! };
        foreach (var image in written)
        {
            // Pixels the pass does not write (reconstruction outside processed tiles) read back as 0.
            image.Transition(cmd, ImageLayout.Undefined, ImageLayout.TransferDstOptimal, top, 0, transfer, AccessFlags.TransferWriteBit);
            ClearBlack(cmd, image);
            image.Transition(cmd, ImageLayout.TransferDstOptimal, ImageLayout.General, transfer, AccessFlags.TransferWriteBit, compute, AccessFlags.ShaderWriteBit);
        }

        Frames.Record(cmd, frame);

        foreach (var image in written)
        {
            image.Transition(cmd, ImageLayout.General, ImageLayout.TransferSrcOptimal, compute, AccessFlags.ShaderWriteBit, transfer, AccessFlags.TransferReadBit);
        }

        _output!.CopyTo(cmd, _staging!, 0);
        if (wantRecon)
        {
            _recon!.CopyTo(cmd, _staging!, reconOffset);
        }

        HostReadBarrier(cmd);
    }

    private unsafe void ClearBlack(CommandBuffer cmd, GpuImage image)
    {
        var color = default(ClearColorValue);
        var range = new ImageSubresourceRange(ImageAspectFlags.ColorBit, 0, 1, 0, 1);
        _context.Vk.CmdClearColorImage(cmd, image.Handle, ImageLayout.TransferDstOptimal, &color, 1, &range);
    }

    private unsafe void HostReadBarrier(CommandBuffer cmd)
    {
        var barrier = new MemoryBarrier { SType = StructureType.MemoryBarrier, SrcAccessMask = AccessFlags.TransferWriteBit, DstAccessMask = AccessFlags.HostReadBit };
        _context.Vk.CmdPipelineBarrier(cmd, PipelineStageFlags.TransferBit, PipelineStageFlags.HostBit, 0, 1, &barrier, 0, null, 0, null);
    }

    private void EnsureImages(int width, int height, FrameColorFormat format, bool wantRecon)
    {
        if (_color is not null && _color.Width == width && _color.Height == height && _format == format && (!wantRecon || _recon is not null))
        {
            return;
        }

        if (_color is not null)
        {
            _context.WaitIdle();
            foreach (var image in new[] { _color, _mask, _output, _recon, _depth, _motion })
            {
                if (image is not null)
                {
                    Frames.ForgetImage(image.Handle);
                }
            }
        }

        DisposeImages();
        _format = format;
        var vkFormat = format == FrameColorFormat.Rgba16Float ? Format.R16G16B16A16Sfloat : Format.R8G8B8A8Unorm;
        const ImageUsageFlags sampled = ImageUsageFlags.SampledBit | ImageUsageFlags.TransferDstBit;
        const ImageUsageFlags storage = ImageUsageFlags.StorageBit | ImageUsageFlags.TransferSrcBit | ImageUsageFlags.TransferDstBit;
        _color = new GpuImage(_context, width, height, vkFormat, sampled);
        _mask = new GpuImage(_context, width, height, Format.R8Unorm, sampled);
        _output = new GpuImage(_context, width, height, vkFormat, storage);
        _recon = wantRecon ? new GpuImage(_context, width, height, vkFormat, storage) : null;
        // Depth and motion are small next to a model pass; they are kept for every size so a sequence may give them on any frame.
        _depth = new GpuImage(_context, width, height, Format.R32Sfloat, sampled);
        _motion = new GpuImage(_context, width, height, Format.R32G32Sfloat, sampled);
        long colorBytes = (long)width * height * (format == FrameColorFormat.Rgba16Float ? 8 : 4);
        long total = colorBytes + (((long)width * height + 15) & ~15L) + colorBytes + (12L * width * height);
        _staging = new GpuBuffer(_context, (ulong)total, "image-inpainter-staging", 0, requireHostVisible: true);
    }

    private void DisposeImages()
    {
        _color?.Dispose();
        _mask?.Dispose();
        _output?.Dispose();
        _recon?.Dispose();
        _depth?.Dispose();
        _motion?.Dispose();
        _staging?.Dispose();
        _color = _mask = _output = _recon = _depth = _motion = null;
        _staging = null;
    }

    private static void Require(string what, int found, long expected, int width, int height)
    {
        if (found != expected)
        {
            throw new ArgumentException($"The {what} of a {width}x{height} frame needs {expected} bytes; found {found}.");
        }
    }
}
