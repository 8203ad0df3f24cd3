using System.Collections.Concurrent;

namespace MaeRealtime.Native;

/// <summary>
/// Maps the opaque handles given to C callers to their objects. A handle is a serial number, never a pointer
/// and never reused, so a destroyed, forged or mistyped handle is found out (MAERT_ERROR_INVALID_HANDLE) instead
/// of being dereferenced. Lookups take no lock and allocate nothing (they run every frame).
/// </summary>
public static class HandleTable
{
    private static readonly ConcurrentDictionary<nint, object> _objects = new();
    private static long _next;

    /// <summary>Registers <paramref name="target"/> and returns its new handle.</summary>
    public static nint Add(object target)
    {
        // Spaced and offset so small integers and typical pointer values are not live handles.
        nint handle = (nint)(0x4D410000L + (Interlocked.Increment(ref _next) * 16));
        _objects[handle] = target;
        return handle;
    }

    /// <summary>The object of kind <typeparamref name="T"/> behind <paramref name="handle"/>.</summary>
    /// <exception cref="MaertException">Not a live handle of that kind.</exception>
    public static T Get<T>(nint handle, string name)
        where T : class
    {
        if (handle == 0)
        {
            throw new MaertException(MaertResult.InvalidHandle, $"{name} is NULL.");
        }

        if (_objects.TryGetValue(handle, out var target) && target is T typed)
        {
            return typed;
        }

        throw new MaertException(MaertResult.InvalidHandle,
            target is null
                ? $"{name} (0x{handle:x}) is not a live handle: it was destroyed or never created."
                : $"{name} (0x{handle:x}) is a {KindOf(target)} handle, not a {KindOf(typeof(T))} handle.");
    }

    /// <summary>Unregisters <paramref name="handle"/>.</summary>
    public static void Remove(nint handle) => _objects.TryRemove(handle, out _);

    private static string KindOf(object target) => KindOf(target.GetType());

    private static string KindOf(Type type) => type == typeof(NativeContext) ? "maert_context"
        : type == typeof(NativeWeights) ? "maert_weights" : "maert_inpainter";
}
