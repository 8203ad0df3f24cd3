using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Vulkan;

/// <summary>
/// Records kernel dispatches into a command buffer (this context's or a host's). Tracks the bound
/// pipeline and set to skip redundant binds, and puts a compute-to-compute barrier between dependent
/// dispatches. A value type so recording allocates nothing. With a <see cref="DispatchRedirect"/> its
/// dispatches are captured (nothing recorded at all) or made indirect.
/// </summary>
internal readonly unsafe struct CommandRecorder(GpuContext context, CommandBuffer commandBuffer, DispatchRedirect? redirect = null)
{
    /// <summary>Largest workgroup count per dimension every device supports.</summary>
    private const uint MaxGroupsPerDimension = 65535;

    public CommandBuffer CommandBuffer => commandBuffer;

    /// <summary>True while capturing: nothing may be recorded (there may be no command buffer at all).</summary>
    public bool Capturing => redirect?.Capturing == true;

    /// <summary>Declares what the grids of the following dispatches grow with (only an indirect recording needs it).</summary>
    public void SizedBy(DispatchExtent extent)
    {
        if (redirect is not null)
        {
            redirect.CurrentExtent = extent;
        }
    }

    public void BindSet(DescriptorSet set)
    {
        if (Capturing)
        {
            return;
        }

        context.Vk.CmdBindDescriptorSets(commandBuffer, PipelineBindPoint.Compute, context.Layout.PipelineLayout, 0, 1, &set, 0, null);
    }

    /// <summary>Binds set 1 of the frame kernels (set 0 stays bound: the layouts are compatible for it).</summary>
    public void BindFrameSet(DescriptorSet set)
    {
        if (Capturing)
        {
            return;
        }

        context.Vk.CmdBindDescriptorSets(commandBuffer, PipelineBindPoint.Compute, context.Layout.FramePipelineLayout, 1, 1, &set, 0, null);
    }

    /// <summary>Dispatches <paramref name="kernel"/> with push constants <paramref name="push"/> over a grid of workgroups.</summary>
    public void Dispatch<TPush>(ComputeKernel kernel, in TPush push, uint groupsX, uint groupsY = 1, uint groupsZ = 1)
        where TPush : unmanaged
    {
        if (sizeof(TPush) > KernelLayout.PushConstantBytes)
        {
            throw new InvalidOperationException($"Push constants of {kernel.Name} are {sizeof(TPush)} bytes; the layout holds {KernelLayout.PushConstantBytes}.");
        }

        if (redirect is not null)
        {
            ulong at = redirect.Next(kernel.Name, groupsX, groupsY, groupsZ);
            if (!redirect.Capturing)
            {
                BindAndPush(kernel, push);
                context.Vk.CmdDispatchIndirect(commandBuffer, redirect.Buffer, at);
            }

            return;
        }

        if (groupsX == 0 || groupsY == 0 || groupsZ == 0)
        {
            return;
        }

        BindAndPush(kernel, push);
        context.Vk.CmdDispatch(commandBuffer, groupsX, groupsY, groupsZ);
    }

    private void BindAndPush<TPush>(ComputeKernel kernel, in TPush push)
        where TPush : unmanaged
    {
        var vk = context.Vk;
        vk.CmdBindPipeline(commandBuffer, PipelineBindPoint.Compute, kernel.Pipeline);
        fixed (TPush* p = &push)
        {
            vk.CmdPushConstants(commandBuffer, context.Layout.PipelineLayout, ShaderStageFlags.ComputeBit, 0, (uint)sizeof(TPush), p);
        }
    }

    /// <summary>Dispatches one invocation per element (256 per workgroup), folding large counts into a 2D grid.</summary>
    public void DispatchElements<TPush>(ComputeKernel kernel, in TPush push, long elements)
        where TPush : unmanaged
    {
        DispatchLinear(kernel, push, (elements + 255) / 256);
    }

    /// <summary>Dispatches one workgroup per row, folding large counts into a 2D grid.</summary>
    public void DispatchRows<TPush>(ComputeKernel kernel, in TPush push, long rows)
        where TPush : unmanaged
    {
        DispatchLinear(kernel, push, rows);
    }

    /// <summary>
    /// Dispatches <paramref name="invocations"/> invocations of a kernel with a 1D workgroup of
    /// <paramref name="groupSize"/> (its <c>local_size_x</c>), folding large counts into a 2D grid.
    /// </summary>
    public void DispatchInvocations<TPush>(ComputeKernel kernel, in TPush push, long invocations, uint groupSize)
        where TPush : unmanaged
    {
        DispatchLinear(kernel, push, (invocations + groupSize - 1) / groupSize);
    }

    /// <summary>Makes all earlier compute writes visible to later compute reads and writes.</summary>
    public void ComputeBarrier()
    {
        if (Capturing)
        {
            return;
        }

        var barrier = new MemoryBarrier
        {
            SType = StructureType.MemoryBarrier,
            SrcAccessMask = AccessFlags.ShaderWriteBit,
            DstAccessMask = AccessFlags.ShaderReadBit | AccessFlags.ShaderWriteBit,
        };
        context.Vk.CmdPipelineBarrier(commandBuffer, PipelineStageFlags.ComputeShaderBit, PipelineStageFlags.ComputeShaderBit, 0, 1, &barrier, 0, null, 0, null);
    }

    /// <summary>Makes host writes (mapped uploads) and transfers visible to compute, at the start of a pass.</summary>
    public void HostAndTransferToComputeBarrier()
    {
        if (Capturing)
        {
            return;
        }

        var barrier = new MemoryBarrier
        {
            SType = StructureType.MemoryBarrier,
            SrcAccessMask = AccessFlags.HostWriteBit | AccessFlags.TransferWriteBit,
            DstAccessMask = AccessFlags.ShaderReadBit | AccessFlags.ShaderWriteBit,
        };
        context.Vk.CmdPipelineBarrier(commandBuffer, PipelineStageFlags.HostBit | PipelineStageFlags.TransferBit, PipelineStageFlags.ComputeShaderBit, 0, 1, &barrier, 0, null, 0, null);
    }

    /// <summary>Makes compute writes visible to host reads (mapped readback) and transfers, at the end of a pass.</summary>
    public void ComputeToHostAndTransferBarrier()
    {
        if (Capturing)
        {
            return;
        }

        var barrier = new MemoryBarrier
        {
            SType = StructureType.MemoryBarrier,
            SrcAccessMask = AccessFlags.ShaderWriteBit,
            DstAccessMask = AccessFlags.HostReadBit | AccessFlags.TransferReadBit,
        };
        context.Vk.CmdPipelineBarrier(commandBuffer, PipelineStageFlags.ComputeShaderBit, PipelineStageFlags.HostBit | PipelineStageFlags.TransferBit, 0, 1, &barrier, 0, null, 0, null);
    }

    private void DispatchLinear<TPush>(ComputeKernel kernel, in TPush push, long groups)
        where TPush : unmanaged
    {
        if (groups <= 0)
        {
            // A redirected recording still needs its one entry per call (zero workgroups).
            if (redirect is not null)
            {
                Dispatch(kernel, push, 0);
            }

            return;
        }

        uint x = (uint)Math.Min(groups, MaxGroupsPerDimension);
        uint y = (uint)((groups + x - 1) / x);
        if (y > MaxGroupsPerDimension)
        {
            throw new InvalidOperationException($"{kernel.Name}: {groups} workgroups exceed a 65535 x 65535 grid.");
        }

        Dispatch(kernel, push, x, y);
    }
}
