namespace MaeRealtime.Runtime.Tests.Support;

/// <summary>Packs host arrays into one buffer image and hands back their element offsets, as the runtime's arena does.</summary>
internal sealed class BufferBuilder<T>
    where T : unmanaged
{
    private readonly List<T> _data = [];

    public uint Add(IEnumerable<T> values)
    {
        // 64-element alignment like ActivationLayout, so offsets look like the runtime's.
        while (_data.Count % 64 != 0)
        {
            _data.Add(default);
        }

        uint offset = (uint)_data.Count;
        _data.AddRange(values);
        return offset;
    }

    public uint Reserve(int count) => Add(new T[count]);

    public T[] ToArray() => _data.Count == 0 ? new T[1] : _data.ToArray();
}
