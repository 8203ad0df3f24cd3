using System.Text;
using Silk.NET.Core.Contexts;

namespace MaeRealtime.Native;

/// <summary>
/// A Silk.NET native context that resolves every Vulkan entry point through the host's
/// <c>vkGetInstanceProcAddr</c>, so the runtime calls exactly the functions (layers, loader, driver) the host
/// uses and Silk.NET never opens libvulkan itself. Device-level functions come from <c>vkGetDeviceProcAddr</c>
/// of the host's device (the direct driver entry points, skipping the loader trampoline); instance-level ones
/// from the host's instance; global ones (NULL instance) last.
/// </summary>
public sealed unsafe class HostProcAddrContext : INativeContext
{
    private readonly delegate* unmanaged<nint, byte*, nint> _getInstanceProcAddr;
    private readonly delegate* unmanaged<nint, byte*, nint> _getDeviceProcAddr;
    private readonly nint _instance;
    private readonly nint _device;

    /// <summary>Wraps the host's loader entry point for <paramref name="instance"/> and <paramref name="device"/>.</summary>
    public HostProcAddrContext(nint getInstanceProcAddr, nint instance, nint device)
    {
        _getInstanceProcAddr = (delegate* unmanaged<nint, byte*, nint>)getInstanceProcAddr;
        _instance = instance;
        _device = device;
        _getDeviceProcAddr = (delegate* unmanaged<nint, byte*, nint>)Resolve(instance, "vkGetDeviceProcAddr"u8);
        if (_getDeviceProcAddr == null)
        {
            throw new MaertException(MaertResult.DeviceUnsuitable, "pfnGetInstanceProcAddr(instance, \"vkGetDeviceProcAddr\") returned NULL: is pfnGetInstanceProcAddr the host's loader entry point and instance its live instance?");
        }
    }

    /// <inheritdoc/>
    public nint GetProcAddress(string proc, int? slot = null) =>
        TryGetProcAddress(proc, out nint address, slot) ? address : throw new MaertException(MaertResult.Vulkan, $"The host's Vulkan has no entry point {proc}.");

    /// <inheritdoc/>
    public bool TryGetProcAddress(string proc, out nint addr, int? slot = null)
    {
        // Names are ASCII and short; resolved once per entry point (Silk.NET caches the result).
        Span<byte> name = stackalloc byte[256];
        int length = Encoding.ASCII.GetBytes(proc, name[..255]);
        name[length] = 0;
        fixed (byte* p = name)
        {
            if (proc == "vkGetInstanceProcAddr")
            {
                addr = (nint)_getInstanceProcAddr;
            }
            else
            {
                addr = _getDeviceProcAddr(_device, p);
                if (addr == 0)
                {
                    addr = _getInstanceProcAddr(_instance, p);
                }

                if (addr == 0)
                {
                    addr = _getInstanceProcAddr(0, p);
                }
            }
        }

        return addr != 0;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // Nothing to release: the loader and its library belong to the host.
    }

    private nint Resolve(nint instance, ReadOnlySpan<byte> nulTerminatedName)
    {
        Span<byte> name = stackalloc byte[nulTerminatedName.Length + 1];
        nulTerminatedName.CopyTo(name);
        name[^1] = 0;
        fixed (byte* p = name)
        {
            return _getInstanceProcAddr(instance, p);
        }
    }
}
