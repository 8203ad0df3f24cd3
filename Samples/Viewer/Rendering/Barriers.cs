using Silk.NET.Vulkan;

namespace MaeRealtime.Viewer.Rendering;

/// <summary>The pipeline barriers of the viewer's frame, spelled once.</summary>
internal static unsafe class Barriers
{
    /// <summary>Mip 0, layer 0 of a colour image.</summary>
    public static readonly ImageSubresourceRange Color = new(ImageAspectFlags.ColorBit, 0, 1, 0, 1);

    /// <summary>Records one image layout transition / memory dependency.</summary>
    public static void Image(
        Vk vk, CommandBuffer cmd, Image image,
        ImageLayout from, ImageLayout to,
        PipelineStageFlags srcStage, AccessFlags srcAccess,
        PipelineStageFlags dstStage, AccessFlags dstAccess)
    {
        var barrier = new ImageMemoryBarrier
        {
            SType = StructureType.ImageMemoryBarrier,
            SrcAccessMask = srcAccess,
            DstAccessMask = dstAccess,
            OldLayout = from,
            NewLayout = to,
            SrcQueueFamilyIndex = Vk.QueueFamilyIgnored,
            DstQueueFamilyIndex = Vk.QueueFamilyIgnored,
            Image = image,
            SubresourceRange = Color,
        };
        vk.CmdPipelineBarrier(cmd, srcStage, dstStage, 0, 0, null, 0, null, 1, &barrier);
    }

    /// <summary>Records a global memory dependency (for images whose layout does not change).</summary>
    public static void Memory(Vk vk, CommandBuffer cmd, PipelineStageFlags srcStage, AccessFlags srcAccess, PipelineStageFlags dstStage, AccessFlags dstAccess)
    {
        var barrier = new MemoryBarrier { SType = StructureType.MemoryBarrier, SrcAccessMask = srcAccess, DstAccessMask = dstAccess };
        vk.CmdPipelineBarrier(cmd, srcStage, dstStage, 0, 1, &barrier, 0, null, 0, null);
    }
}
