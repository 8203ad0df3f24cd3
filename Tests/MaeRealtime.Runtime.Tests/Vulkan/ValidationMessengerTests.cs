using MaeRealtime.Runtime.Vulkan;
using Silk.NET.Vulkan;

namespace MaeRealtime.Runtime.Tests.Vulkan;

/// <summary>A host that brings its own instance attaches the runtime's messenger and sees the errors on it.</summary>
public sealed unsafe class ValidationMessengerTests
{
    [Fact]
    public void Attach_OnAnExistingInstance_CountsAndKeepsErrors()
    {
        // A context of its own (validation on), standing in for a host's instance: the deliberate error below must
        // not reach the shared fixture, whose tests assert zero validation errors.
        using var host = GpuContext.Create(new GpuContextOptions { Validation = true, PipelineCacheDirectory = string.Empty });
        using var echo = new StringWriter();
        using (var attached = ValidationMessenger.Attach(host.Vk, host.Instance, echo))
        {
            var info = new BufferCreateInfo { SType = StructureType.BufferCreateInfo, Size = 0, Usage = BufferUsageFlags.StorageBufferBit };
            Silk.NET.Vulkan.Buffer buffer;
            var result = host.Vk.CreateBuffer(host.Device, &info, null, &buffer); // size 0: VUID-VkBufferCreateInfo-size-00912
            if (result == Result.Success)
            {
                host.Vk.DestroyBuffer(host.Device, buffer, null);
            }

            Assert.True(attached.ErrorCount >= 1);
            Assert.Contains(attached.RecentMessages, m => m.Contains("VkBufferCreateInfo-size", StringComparison.Ordinal));
            Assert.Contains("[vulkan validation]", echo.ToString());
        }

        Assert.Throws<ArgumentException>(() => ValidationMessenger.Attach(host.Vk, default, null));
    }
}
