namespace MaeRealtime.Native;

/// <summary>The ABI version this library implements (<c>MAERT_HEADER_VERSION</c> of the header it ships with).</summary>
public static class NativeVersion
{
    /// <summary>Major version: changes only when the ABI breaks.</summary>
    public const uint Major = 1;

    /// <summary>Minor version: grows when functions or structure fields are appended.</summary>
    public const uint Minor = 3;

    /// <summary>Patch version.</summary>
    public const uint Patch = 0;

    /// <summary><c>MAERT_MAKE_VERSION(Major, Minor, Patch)</c>.</summary>
    public const uint Packed = (Major << 22) | (Minor << 12) | Patch;

    /// <summary>"major.minor.patch".</summary>
    public static readonly string Text = $"{Major}.{Minor}.{Patch}";
}
