using System.Buffers.Binary;
using System.Text;

namespace MaeRealtime.Editor.Import.Pickle;

/// <summary>
/// Walks the <c>data.pkl</c> of a PyTorch zip checkpoint opcode by opcode before TorchSharp.PyBridge unpickles it, and
/// refuses what would make that unpickler allocate without bound. Nothing is executed: globals stay names, REDUCE and
/// NEWOBJ produce opaque values, except the two calls <c>torch.save</c> uses to rebuild tensors, whose arguments are
/// checked. Limits: every length-prefixed value fits in the bytes left; a persistent id names a known storage type and
/// an archive entry whose length holds its elements, and all storages loaded (a shared one counts each time, as the
/// unpickler allocates it each time) stay under <see cref="MaxStorageBytes"/>; a tensor has rank at most 8, no more
/// elements than its storage, and every element it addresses lies inside it; the stack, the memo and the mark nesting
/// are bounded. Protocol 0/1 text opcodes, which <c>torch.save</c> never writes, are refused.
/// </summary>
internal sealed class PickleScanner
{
    /// <summary>Most bytes all storages of one checkpoint may hold together (the reference ViT-Huge with its optimizer state is ~7.5 GB).</summary>
    public const long MaxStorageBytes = 8L << 30;

    private const int MaxStack = 1 << 20;
    private const int MaxMemo = 1 << 20;
    private const int MaxMarks = 1 << 12;
    private const int MaxRank = 8;

    private static readonly Dictionary<string, int> StorageTypes = new(StringComparer.Ordinal)
    {
        ["DoubleStorage"] = 8, ["FloatStorage"] = 4, ["HalfStorage"] = 2, ["BFloat16Storage"] = 2, ["LongStorage"] = 8,
        ["IntStorage"] = 4, ["ShortStorage"] = 2, ["CharStorage"] = 1, ["ByteStorage"] = 1, ["BoolStorage"] = 1,
        ["ComplexDoubleStorage"] = 16, ["ComplexFloatStorage"] = 8,
    };

    private readonly string _path;
    private readonly byte[] _pickle;
    private readonly Func<string, long?> _entryLength;
    private readonly List<object?> _stack = [];
    private readonly List<int> _marks = [];
    private readonly Dictionary<long, object?> _memo = [];
    private long _storageBytes;
    private long _tensorBytes;
    private int _at;

    private PickleScanner(string path, byte[] pickle, Func<string, long?> entryLength)
    {
        _path = path;
        _pickle = pickle;
        _entryLength = entryLength;
    }

    /// <summary>Tensors the pickle rebuilds.</summary>
    public int Tensors { get; private set; }

    /// <summary>
    /// Scans <paramref name="pickle"/>; <paramref name="entryLength"/> gives the declared uncompressed length of the archive
    /// entry <c>data/KEY</c>, or null when there is none.
    /// </summary>
    /// <exception cref="ImportException">The pickle is malformed or would allocate beyond the limits; names the offset and why.</exception>
    public static PickleScanner Scan(string path, byte[] pickle, Func<string, long?> entryLength)
    {
        var scanner = new PickleScanner(path, pickle, entryLength);
        scanner.Run();
        return scanner;
    }

    private void Run()
    {
        while (true)
        {
            if (_at >= _pickle.Length)
            {
                throw Fail("ends without a STOP opcode (truncated)");
            }

            int opAt = _at;
            byte op = _pickle[_at++];
            switch (op)
            {
                case 0x80: Skip(1); break; // PROTO
                case 0x95: Skip(8); break; // FRAME
                case (byte)'.': return; // STOP
                case (byte)'(': // MARK
                    if (_marks.Count >= MaxMarks)
                    {
                        throw Fail($"nests more than {MaxMarks} MARKs");
                    }

                    _marks.Add(_stack.Count);
                    break;
                case (byte)'}': case (byte)']': case (byte)')': case 0x90: case (byte)'N': case 0x88: case 0x89:
                    Push(op is (byte)')' ? new List<object?>() : PickleOpaque.Value); // EMPTY_DICT/LIST/TUPLE/SET, NONE, TRUE, FALSE
                    break;
                case (byte)'K': Push((long)Bytes(1)[0]); break; // BININT1
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2))); break; // BININT2
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(Bytes(4))); break; // BININT
                case 0x8A: Push(Long(Bytes(Bytes(1)[0]))); break; // LONG1
                case 0x8B: Push(Long(Bytes(Length(4)))); break; // LONG4
                case (byte)'G': Skip(8); Push(PickleOpaque.Value); break; // BINFLOAT
                case 0x8C: Push(Text(Bytes(1)[0])); break; // SHORT_BINUNICODE
                case (byte)'X': Push(Text(Length(4))); break; // BINUNICODE
                case 0x8D: Push(Text(Length(8))); break; // BINUNICODE8
                case (byte)'U': Skip(Bytes(1)[0]); Push(PickleOpaque.Value); break; // SHORT_BINSTRING
                case (byte)'T': Skip(Length(4)); Push(PickleOpaque.Value); break; // BINSTRING
                case (byte)'C': Skip(Bytes(1)[0]); Push(PickleOpaque.Value); break; // SHORT_BINBYTES
                case (byte)'B': Skip(Length(4)); Push(PickleOpaque.Value); break; // BINBYTES
                case 0x8E: case 0x96: Skip(Length(8)); Push(PickleOpaque.Value); break; // BINBYTES8, BYTEARRAY8
                case (byte)'q': Memo(Bytes(1)[0]); break; // BINPUT
                case (byte)'r': Memo(BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4))); break; // LONG_BINPUT
                case 0x94: Memo(_memo.Count); break; // MEMOIZE
                case (byte)'h': Get(Bytes(1)[0]); break; // BINGET
                case (byte)'j': Get(BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4))); break; // LONG_BINGET
                case (byte)'c': Push(new PickleGlobal(Line(), Line())); break; // GLOBAL
                case 0x93: // STACK_GLOBAL
                    {
                        object? name = Pop(), module = Pop();
                        Push(new PickleGlobal(module as string ?? "?", name as string ?? "?"));
                        break;
                    }

                case (byte)'t': Push(PopToMark()); break; // TUPLE
                case (byte)'l': case (byte)'d': case 0x91: PopToMark(); Push(PickleOpaque.Value); break; // LIST, DICT, FROZENSET
                case 0x85: Push(PopMany(1)); break; // TUPLE1
                case 0x86: Push(PopMany(2)); break; // TUPLE2
                case 0x87: Push(PopMany(3)); break; // TUPLE3
                case (byte)'a': Pop(); Peek(); break; // APPEND
                case (byte)'s': Pop(); Pop(); Peek(); break; // SETITEM
                case (byte)'e': case (byte)'u': case 0x8F: PopToMark(); Peek(); break; // APPENDS, SETITEMS, ADDITEMS
                case (byte)'b': Pop(); Peek(); break; // BUILD: the object stays, its state is not applied here
                case (byte)'0': Pop(); break; // POP
                case (byte)'1': PopToMark(); break; // POP_MARK
                case (byte)'2': Push(Peek()); break; // DUP
                case (byte)'Q': Push(Storage(Pop())); break; // BINPERSID
                case (byte)'R': // REDUCE
                    {
                        object? args = Pop(), callable = Pop();
                        Push(Reduce(callable, args));
                        break;
                    }

                case 0x81: Pop(); Pop(); Push(PickleOpaque.Value); break; // NEWOBJ
                case 0x92: Pop(); Pop(); Pop(); Push(PickleOpaque.Value); break; // NEWOBJ_EX
                default:
                    throw Fail($"uses pickle opcode 0x{op:X2} at offset {opAt}, which torch.save does not write (protocol 0/1 text opcodes, out-of-band buffers and unknown opcodes are refused)");
            }
        }
    }

    private object? Reduce(object? callable, object? args)
    {
        if (callable is PickleGlobal { Module: "torch._utils", Name: "_rebuild_tensor_v2" or "_rebuild_tensor" } && args is List<object?> a)
        {
            if (a.Count < 4 || a[0] is not PickleStorage storage || a[1] is not long offset || a[2] is not List<object?> size || a[3] is not List<object?> stride)
            {
                throw Fail("calls torch._utils._rebuild_tensor_v2 without (storage, offset, size, stride)");
            }

            CheckTensor(storage, offset, size, stride);
            return PickleOpaque.Value;
        }

        return PickleOpaque.Value;
    }

    private void CheckTensor(PickleStorage storage, long offset, List<object?> size, List<object?> stride)
    {
        if (size.Count > MaxRank || size.Count != stride.Count || size.Any(d => d is not (long and >= 0)) || stride.Any(d => d is not (long and >= 0)))
        {
            throw Fail($"rebuilds a tensor of storage '{storage.Key}' with size or stride that are not {MaxRank} or fewer non-negative integers of the same rank");
        }

        long elements = 1, last = offset;
        bool empty = false;
        for (int i = 0; i < size.Count; i++)
        {
            long d = (long)size[i]!, s = (long)stride[i]!;
            empty |= d == 0;
            if (d > storage.Elements || (d > 0 && elements > storage.Elements / d))
            {
                elements = long.MaxValue;
                break;
            }

            elements *= d;
            if (d > 0 && s > 0)
            {
                last += Math.Min(s, storage.Elements) * Math.Min(d - 1, storage.Elements);
            }
        }

        if (offset < 0 || elements > storage.Elements || (!empty && last >= storage.Elements))
        {
            throw Fail($"rebuilds a tensor [{string.Join(", ", size)}] (stride [{string.Join(", ", stride)}], offset {offset}) that addresses more than the {storage.Elements} elements of storage '{storage.Key}'");
        }

        _tensorBytes += elements * storage.ElementBytes;
        if (_tensorBytes > MaxStorageBytes)
        {
            throw Fail($"rebuilds tensors of more than {MaxStorageBytes >> 30} GiB in all");
        }

        Tensors++;
    }

    private PickleStorage Storage(object? pid)
    {
        if (pid is not List<object?> { Count: 5 } t || t[0] is not "storage" || t[1] is not PickleGlobal type || t[2] is not string key || t[4] is not long elements)
        {
            throw Fail("has a persistent id that is not ('storage', type, key, location, elements)");
        }

        if (type.Module != "torch" || !StorageTypes.TryGetValue(type.Name, out int elementBytes))
        {
            throw Fail($"storage '{key}' has the unknown type {type}");
        }

        long? declared = _entryLength(key);
        if (declared is null)
        {
            throw Fail($"refers to storage '{key}', which the archive lacks (no entry data/{key})");
        }

        if (elements < 0 || elements > declared / elementBytes || elements * elementBytes > Array.MaxLength)
        {
            throw Fail($"storage '{key}' claims {elements} elements of {elementBytes} bytes; its archive entry holds {declared} bytes (at most {Array.MaxLength} per storage)");
        }

        _storageBytes += elements * elementBytes;
        if (_storageBytes > MaxStorageBytes)
        {
            throw Fail($"holds storages of more than {MaxStorageBytes >> 30} GiB in all");
        }

        return new PickleStorage(key, elementBytes, elements);
    }

    private void Push(object? value)
    {
        if (_stack.Count >= MaxStack)
        {
            throw Fail($"grows the pickle stack past {MaxStack} values");
        }

        _stack.Add(value);
    }

    private object? Pop()
    {
        int floor = _marks.Count > 0 ? _marks[^1] : 0;
        if (_stack.Count <= floor)
        {
            throw Fail($"pops an empty stack at offset {_at - 1}");
        }

        object? v = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return v;
    }

    private object? Peek() => _stack.Count > (_marks.Count > 0 ? _marks[^1] : 0) ? _stack[^1] : throw Fail($"reads an empty stack at offset {_at - 1}");

    private List<object?> PopMany(int count)
    {
        var items = new List<object?>(count);
        for (int i = 0; i < count; i++)
        {
            items.Insert(0, Pop());
        }

        return items;
    }

    private List<object?> PopToMark()
    {
        if (_marks.Count == 0)
        {
            throw Fail($"needs a MARK at offset {_at - 1} and has none");
        }

        int mark = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        var items = _stack.GetRange(mark, _stack.Count - mark);
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private void Memo(long index)
    {
        if (_memo.Count >= MaxMemo && !_memo.ContainsKey(index))
        {
            throw Fail($"memoizes more than {MaxMemo} values");
        }

        _memo[index] = Peek();
    }

    private void Get(long index) =>
        Push(_memo.TryGetValue(index, out object? v) ? v : throw Fail($"reads memo slot {index}, which was never written"));

    private ReadOnlySpan<byte> Bytes(int count)
    {
        if (count > _pickle.Length - _at)
        {
            throw Fail($"needs {count} bytes at offset {_at}, {_pickle.Length - _at} are left (truncated or lying length)");
        }

        var span = _pickle.AsSpan(_at, count);
        _at += count;
        return span;
    }

    private void Skip(int count) => Bytes(count);

    private int Length(int width)
    {
        ulong n = width == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4)) : BinaryPrimitives.ReadUInt64LittleEndian(Bytes(8));
        return n <= (ulong)(_pickle.Length - _at)
            ? (int)n
            : throw Fail($"declares a {n}-byte value at offset {_at}, {_pickle.Length - _at} bytes are left (truncated or lying length)");
    }

    private string Text(int count)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(Bytes(count));
        }
        catch (DecoderFallbackException)
        {
            throw Fail($"holds a string that is not UTF-8 before offset {_at}");
        }
    }

    private string Line()
    {
        int end = Array.IndexOf(_pickle, (byte)'\n', _at, Math.Min(256, _pickle.Length - _at));
        if (end < 0)
        {
            throw Fail($"has a GLOBAL name at offset {_at} that is not a line of at most 255 bytes");
        }

        string s = Encoding.ASCII.GetString(_pickle, _at, end - _at);
        _at = end + 1;
        return s;
    }

    // Only small integers matter (offsets, sizes, element counts); a longer LONG is kept opaque and refused where used.
    private static object Long(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            return 0L;
        }

        if (bytes.Length > 8)
        {
            return PickleOpaque.Value;
        }

        Span<byte> wide = stackalloc byte[8];
        wide.Fill((bytes[^1] & 0x80) != 0 ? (byte)0xFF : (byte)0); // two's complement, sign-extended
        bytes.CopyTo(wide);
        return BinaryPrimitives.ReadInt64LittleEndian(wide);
    }

    private ImportException Fail(string why) =>
        new(_path, $"refused as a PyTorch checkpoint: its data.pkl {why}. Nothing in it was run.");
}
