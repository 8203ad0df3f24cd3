using System.Text;

namespace MaeRealtime.Editor.Tests.Import;

/// <summary>Writes pickle protocol 2 opcodes.</summary>
internal sealed class PickleBuilder
{
    private readonly List<byte> _bytes = [];

    public byte[] Bytes => [.. _bytes];

    public PickleBuilder Proto() => Raw([0x80, 2]);

    public PickleBuilder Op(char op) => Raw([(byte)op]);

    public PickleBuilder Op(byte op) => Raw([op]);

    public PickleBuilder Mark() => Op('(');

    public PickleBuilder Global(string module, string name) => Raw(Encoding.ASCII.GetBytes($"c{module}\n{name}\n"));

    public PickleBuilder Unicode(string s)
    {
        byte[] b = Encoding.UTF8.GetBytes(s);
        return Op('X').Raw(BitConverter.GetBytes(b.Length)).Raw(b);
    }

    public PickleBuilder Int(long v) => v is >= int.MinValue and <= int.MaxValue
        ? Op('J').Raw(BitConverter.GetBytes((int)v))
        : Op(0x8A).Raw([8]).Raw(BitConverter.GetBytes(v));

    public PickleBuilder Raw(byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }
}
