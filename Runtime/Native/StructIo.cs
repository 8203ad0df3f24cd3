using System.Runtime.CompilerServices;

namespace MaeRealtime.Native;

/// <summary>
/// Reads and writes the ABI's extensible structures. Each starts with <c>sType</c>, <c>structSize</c> and
/// <c>pNext</c>; a caller compiled against an older header passes a smaller <c>structSize</c> and the fields it
/// lacks keep their zero (default) value; a newer caller's larger structure is accepted when the bytes this
/// library does not know are all zero (their default), so appending fields never breaks either side.
/// </summary>
public static unsafe class StructIo
{
    /// <summary>Bytes of the common header (<c>sType</c>, <c>structSize</c>, <c>pNext</c>).</summary>
    public static readonly int HeaderSize = sizeof(uint) + sizeof(uint) + sizeof(nint);

    /// <summary>Copies the caller's structure at <paramref name="source"/> into a zeroed <typeparamref name="T"/>.</summary>
    /// <exception cref="MaertException">Null pointer, wrong sType, a structSize smaller than the header, a pNext chain, or unknown non-zero trailing bytes.</exception>
    public static T Read<T>(void* source, MaertStructureType expected, string name)
        where T : unmanaged
    {
        if (source == null)
        {
            throw new MaertException(MaertResult.InvalidArgument, $"{name} is NULL.");
        }

        var type = *(MaertStructureType*)source;
        uint size = ((uint*)source)[1];
        if (type != expected)
        {
            throw new MaertException(MaertResult.InvalidArgument, $"{name}->sType is {(uint)type}; expected {(uint)expected} ({HeaderName(expected)}).");
        }

        if (size < HeaderSize)
        {
            throw new MaertException(MaertResult.InvalidArgument, $"{name}->structSize is {size}; expected sizeof the structure ({sizeof(T)} bytes in this library).");
        }

        if (*(void**)((byte*)source + 8) != null)
        {
            throw new MaertException(MaertResult.InvalidArgument, $"{name}->pNext is not NULL: this version of the library knows no extension structures.");
        }

        if (size > sizeof(T))
        {
            var tail = new ReadOnlySpan<byte>((byte*)source + sizeof(T), (int)Math.Min(size - (uint)sizeof(T), 1u << 20));
            if (tail.IndexOfAnyExcept((byte)0) >= 0)
            {
                throw new MaertException(MaertResult.VersionMismatch,
                    $"{name}->structSize is {size} but this library (version {NativeVersion.Text}) knows {sizeof(T)} bytes, and the newer fields are set: use a newer libmaert.");
            }
        }

        T value = default;
        Unsafe.CopyBlockUnaligned(&value, source, Math.Min(size, (uint)sizeof(T)));
        return value;
    }

    /// <summary>Checks the caller's output structure's header and writes as much of <paramref name="value"/> as it has room for.</summary>
    public static void Write<T>(void* destination, MaertStructureType expected, string name, in T value)
        where T : unmanaged
    {
        if (destination == null)
        {
            throw new MaertException(MaertResult.InvalidArgument, $"{name} is NULL.");
        }

        var type = *(MaertStructureType*)destination;
        uint size = ((uint*)destination)[1];
        if (type != expected || size < HeaderSize)
        {
            throw new MaertException(MaertResult.InvalidArgument,
                $"{name}->sType is {(uint)type} and structSize {size}; expected sType {(uint)expected} ({HeaderName(expected)}) and structSize = sizeof the structure.");
        }

        // The header stays the caller's (sType, structSize, pNext); only the fields after it are written.
        fixed (T* p = &value)
        {
            uint count = Math.Min(size, (uint)sizeof(T)) - (uint)HeaderSize;
            Unsafe.CopyBlockUnaligned((byte*)destination + HeaderSize, (byte*)p + HeaderSize, count);
        }
    }

    private static string HeaderName(MaertStructureType type) => type switch
    {
        MaertStructureType.ContextCreateInfo => "MAERT_STRUCTURE_TYPE_CONTEXT_CREATE_INFO",
        MaertStructureType.InpainterCreateInfo => "MAERT_STRUCTURE_TYPE_INPAINTER_CREATE_INFO",
        MaertStructureType.FrameImages => "MAERT_STRUCTURE_TYPE_FRAME_IMAGES",
        _ => "MAERT_STRUCTURE_TYPE_FRAME_STATS",
    };
}
