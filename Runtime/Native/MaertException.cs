namespace MaeRealtime.Native;

/// <summary>A failure the ABI layer detects itself, carrying the result code it maps to (never leaves the library).</summary>
public sealed class MaertException : Exception
{
    /// <summary>Creates the failure with its code and message.</summary>
    public MaertException(MaertResult result, string message)
        : base(message)
    {
        Result = result;
    }

    /// <summary>The code returned to the C caller.</summary>
    public MaertResult Result { get; }
}
