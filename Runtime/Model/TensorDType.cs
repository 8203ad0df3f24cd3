namespace MaeRealtime.Runtime.Model;

/// <summary>Element type of a tensor in a weight file.</summary>
public enum TensorDType : byte
{
    /// <summary>IEEE-754 binary32, little-endian.</summary>
    Float32 = 0,

    /// <summary>IEEE-754 binary16, little-endian; unpacked in the shaders with <c>unpackHalf2x16</c>.</summary>
    Float16 = 1,
}
