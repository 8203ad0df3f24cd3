using System.Runtime.InteropServices;

namespace MaeRealtime.Runtime.Vulkan;

/// <summary>A native array of UTF-8 C strings for Vulkan create-info structs; freed on dispose.</summary>
internal sealed unsafe class NativeStrings : IDisposable
{
    private readonly byte** _array;

    public NativeStrings(IReadOnlyList<string> strings)
    {
        Count = strings.Count;
        _array = (byte**)NativeMemory.AllocZeroed((nuint)Math.Max(1, Count), (nuint)sizeof(byte*));
        for (int i = 0; i < Count; i++)
        {
            _array[i] = (byte*)Marshal.StringToCoTaskMemUTF8(strings[i]);
        }
    }

    public int Count { get; }

    public byte** Pointer => Count == 0 ? null : _array;

    public byte* this[int i] => _array[i];

    public void Dispose()
    {
        for (int i = 0; i < Count; i++)
        {
            Marshal.FreeCoTaskMem((nint)_array[i]);
        }

        NativeMemory.Free(_array);
    }
}
