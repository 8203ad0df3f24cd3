using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Tests.Misuse;

/// <summary>A minimal host for misuse tests: one colour, mask and output image, a frame recorded and waited for per call.</summary>
internal sealed class FrameHost : IDisposable
{
    private readonly GpuContext _context;

    public FrameHost(GpuContext context, int width, int height)
    {
        _context = context;
        Width = width;
        Height = height;
        const ImageUsageFlags sampled = ImageUsageFlags.SampledBit | ImageUsageFlags.TransferDstBit;
        Color = new GpuImage(context, width, height, Format.R8G8B8A8Unorm, sampled);
        Mask = new GpuImage(context, width, height, Format.R8Unorm, sampled);
        Output = new GpuImage(context, width, height, Format.R8G8B8A8Unorm, ImageUsageFlags.StorageBit);
    }

    public int Width { get; }

    public int Height { get; }

    public GpuImage Color { get; }

    public GpuImage Mask { get; }

    public GpuImage Output { get; }

    /// <summary>Passed as <see cref="FrameImages.Generation"/>.</summary>
    public ulong Generation { get; set; }

    /// <summary>Clears the colour to grey and the mask to <paramref name="holeValue"/> (255: all holes), records the pass, submits and waits.</summary>
    public unsafe void Run(FrameInpainter inpainter, byte holeValue)
    {
        var frame = new FrameImages
        {
            Width = Width,
            Height = Height,
            Color = Color.Handle,
            ColorFormat = FrameColorFormat.Rgba8Unorm,
            Mask = Mask.Handle,
            Output = Output.Handle,
            OutputFormat = FrameColorFormat.Rgba8Unorm,
            Generation = Generation,
        };
        _context.SubmitAndWait(cmd =>
        {
            var range = new ImageSubresourceRange(ImageAspectFlags.ColorBit, 0, 1, 0, 1);
            foreach (var (image, value) in new[] { (Color, 0.5f), (Mask, holeValue / 255f) })
            {
                var clear = new ClearColorValue(value, value, value, 1f);
                image.Transition(cmd, ImageLayout.Undefined, ImageLayout.TransferDstOptimal, PipelineStageFlags.TopOfPipeBit, 0, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit);
                _context.Vk.CmdClearColorImage(cmd, image.Handle, ImageLayout.TransferDstOptimal, &clear, 1, &range);
                image.Transition(cmd, ImageLayout.TransferDstOptimal, ImageLayout.ShaderReadOnlyOptimal, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderReadBit);
            }

            Output.Transition(cmd, ImageLayout.Undefined, ImageLayout.General, PipelineStageFlags.TopOfPipeBit, 0, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit);
            inpainter.Record(cmd, frame);
        });
    }

    public void Dispose()
    {
        Output.Dispose();
        Mask.Dispose();
        Color.Dispose();
    }
}
