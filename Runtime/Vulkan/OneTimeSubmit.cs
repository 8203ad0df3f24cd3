using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Vulkan;

/// <summary>Records a command buffer, submits it and waits: setup and tools only, never in a frame.</summary>
internal static unsafe class OneTimeSubmit
{
    public static void SubmitAndWait(this GpuContext context, Action<CommandBuffer> record)
    {
        var vk = context.Vk;
        var allocInfo = new CommandBufferAllocateInfo
        {
            SType = StructureType.CommandBufferAllocateInfo,
            CommandPool = context.CommandPool,
            Level = CommandBufferLevel.Primary,
            CommandBufferCount = 1,
        };
        context.BeforeCreate("vkAllocateCommandBuffers (one-time submit)");
        CommandBuffer cmd;
        vk.AllocateCommandBuffers(context.Device, &allocInfo, &cmd).Check();
        var fenceInfo = new FenceCreateInfo { SType = StructureType.FenceCreateInfo };
        Fence fence;
        Result created = vk.CreateFence(context.Device, &fenceInfo, null, &fence);
        if (created != Result.Success)
        {
            vk.FreeCommandBuffers(context.Device, context.CommandPool, 1, &cmd);
            created.Check("vkCreateFence (one-time submit)");
        }

        try
        {
            var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
            vk.BeginCommandBuffer(cmd, &begin).Check();
            record(cmd);
            vk.EndCommandBuffer(cmd).Check();
            var submit = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 1, PCommandBuffers = &cmd };
            vk.QueueSubmit(context.Queue, 1, &submit, fence).Check();
            vk.WaitForFences(context.Device, 1, &fence, true, ulong.MaxValue).Check();
        }
        finally
        {
            vk.DestroyFence(context.Device, fence, null);
            vk.FreeCommandBuffers(context.Device, context.CommandPool, 1, &cmd);
        }
    }
}
