using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace MaeRealtime.Native;

/// <summary>
/// The calling thread's last failure message as NUL-terminated UTF-8 in native memory, so the pointer
/// <c>maert_get_last_error</c> returns stays valid (and unmoved by the GC) until that thread's next failure.
/// One buffer per thread that ever failed; it is not freed at thread exit (a few KB for the process lifetime).
/// </summary>
public static unsafe class LastError
{
    private const int Capacity = 2048;

    [ThreadStatic]
    private static byte* _buffer;

    /// <summary>The message ("" before any failure on this thread).</summary>
    public static byte* Pointer => _buffer != null ? _buffer : (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference("\0"u8));

    /// <summary>Replaces the calling thread's message (truncated to 2 KB on a UTF-8 character boundary).</summary>
    public static void Set(string message)
    {
        if (_buffer == null)
        {
            _buffer = (byte*)NativeMemory.AllocZeroed(Capacity);
        }

        var span = new Span<byte>(_buffer, Capacity - 1);
        var encoder = Encoding.UTF8.GetEncoder();
        encoder.Convert(message.AsSpan(), span, flush: true, out _, out int written, out _);
        _buffer[written] = 0;
    }
}
