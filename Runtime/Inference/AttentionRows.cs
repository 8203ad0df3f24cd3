namespace MaeRealtime.Runtime.Inference;

/// <summary>
/// Where an attention kernel reads one kind of rows: <see cref="Kind"/> as in Shaders/include/attention_rows.glsl
/// (0 = encoder rows, 1 = query rows, 2 = the full decoder's rows, 3 = none), the buffer's element offset, its row
/// stride and the columns of k and v in it (q is always column 0).
/// </summary>
internal readonly record struct AttentionRows(uint Kind, uint Offset, uint Stride, uint KeyColumn, uint ValueColumn)
{
    /// <summary>No rows: an unused key segment.</summary>
    public static AttentionRows None => new(3, 0, 4, 0, 0);
}
