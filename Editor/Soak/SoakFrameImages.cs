using MaeRealtime.Runtime.Frames;
using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.Editor.Soak;

/// <summary>One frame in flight's images as a host owns them: colour (uploaded once), mask (rewritten every frame from a host-visible buffer), output.</summary>
internal sealed class SoakFrameImages : IDisposable
{
    public SoakFrameImages(GpuContext context, int width, int height)
    {
        const ImageUsageFlags sampled = ImageUsageFlags.SampledBit | ImageUsageFlags.TransferDstBit;
        Color = new GpuImage(context, width, height, Format.R8G8B8A8Unorm, sampled);
        try
        {
            Mask = new GpuImage(context, width, height, Format.R8Unorm, sampled);
            try
            {
                Output = new GpuImage(context, width, height, Format.R8G8B8A8Unorm, ImageUsageFlags.StorageBit);
            }
            catch
            {
                Mask.Dispose();
                throw;
            }
        }
        catch
        {
            Color.Dispose();
            throw;
        }
    }

    public GpuImage Color { get; }

    public GpuImage Mask { get; }

    public GpuImage Output { get; }

    /// <summary>Destroys the inpainter's views of these images (the GPU must be done with them).</summary>
    public void ForgetIn(FrameInpainter inpainter)
    {
        inpainter.ForgetImage(Color.Handle);
        inpainter.ForgetImage(Mask.Handle);
        inpainter.ForgetImage(Output.Handle);
    }

    public void Dispose()
    {
        Output.Dispose();
        Mask.Dispose();
        Color.Dispose();
    }
}
