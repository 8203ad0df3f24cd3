namespace MaeRealtime.Editor.Fuzz;

/// <summary>Where one tensor table entry's fields sit in a seed weight file, so mutations can aim at them.</summary>
/// <param name="Name">The tensor.</param>
/// <param name="NameLengthAt">Byte position of its u16 name length.</param>
/// <param name="DTypeAt">Byte position of its dtype (the rank follows).</param>
/// <param name="Rank">Its rank.</param>
/// <param name="OffsetAt">Byte position of its u64 offset (the u64 byte length follows).</param>
/// <param name="Offset">Its data offset.</param>
/// <param name="ByteLength">Its byte length.</param>
/// <param name="ElementBytes">Bytes per element.</param>
internal sealed record WeightTableField(string Name, int NameLengthAt, int DTypeAt, int Rank, int OffsetAt, long Offset, long ByteLength, int ElementBytes);
